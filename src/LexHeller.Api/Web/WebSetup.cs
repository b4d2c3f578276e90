using LexHeller.Api.Infrastructure.Auth;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace LexHeller.Api.Web;

/// <summary>Which requests are pages (HTML, the sign-in cookie) rather than the API, its documents and probes.</summary>
public static class WebPaths
{
    public const string ErrorPage = "/fel";

    public static bool IsPage(HttpRequest request) =>
        !WebSignIn.IsApiRequest(request)
        && !request.Path.StartsWithSegments("/openapi")
        && !request.Path.StartsWithSegments("/swagger")
        && !request.Path.StartsWithSegments("/health");
}

/// <summary>
/// The Swedish pages: Razor Pages under <c>Web/Pages</c>, served by the same host as the API and
/// sending the same Mediator requests. Static assets come from <c>Web/wwwroot/assets</c>.
/// </summary>
public static class WebSetup
{
    public const string DemoSignInPage = "/Account/DemoSignIn";

    /// <summary>The demo identity picker exists in Development and in tests, never in Production.</summary>
    public static bool DemoSignInEnabled(IHostEnvironment environment) =>
        environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public static IServiceCollection AddLexHellerWeb(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Web/Pages";
                options.Conventions.AuthorizeFolder("/Triage", Policies.Triage);
                options.Conventions.AuthorizeFolder("/Part", Policies.Responder);
                options.Conventions.AuthorizeFolder("/Statistics", Policies.Insight);
                options.Conventions.AuthorizePage("/Account/SignOut");
                if (!DemoSignInEnabled(environment))
                    options.Conventions.AddPageRouteModelConvention(DemoSignInPage, model => model.Selectors.Clear());
            })
            .AddMvcOptions(options =>
            {
                options.Filters.Add<WebRefusalFilter>();
                var messages = options.ModelBindingMessageProvider;
                // A bound property and a handler's parameter ([FromQuery] on the Statistik page) are told apart: both in Swedish.
                messages.SetValueIsInvalidAccessor(value => $"Värdet \"{value}\" går inte att använda.");
                messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"Värdet \"{value}\" går inte att använda.");
                messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"Värdet \"{value}\" går inte att använda.");
                messages.SetUnknownValueIsInvalidAccessor(_ => "Värdet går inte att använda.");
                messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Värdet går inte att använda.");
                messages.SetValueMustBeANumberAccessor(_ => "Fältet ska vara ett tal.");
                messages.SetNonPropertyValueMustBeANumberAccessor(() => "Fältet ska vara ett tal.");
                messages.SetValueMustNotBeNullAccessor(_ => "Fältet måste fyllas i.");
                messages.SetMissingBindRequiredValueAccessor(_ => "Fältet måste fyllas i.");
            })
            .AddViewOptions(options => options.HtmlHelperOptions.ClientValidationEnabled = false);
        // Swedish letters as letters, not as character references.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "lexheller.antiforgery";
            options.FormFieldName = "__RequestVerificationToken";
        });
        return services;
    }

    /// <summary>
    /// Headers for every page: no framing, no sniffing, scripts and styles from this host only, and
    /// no referrer beyond this host (a receipt's address is its key).
    /// </summary>
    public static WebApplication UseLexHellerPageHeaders(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (WebPaths.IsPage(context.Request))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.XContentTypeOptions = "nosniff";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers.ContentSecurityPolicy =
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
                    return Task.CompletedTask;
                });
            }

            await next();
        });
        return app;
    }
}
