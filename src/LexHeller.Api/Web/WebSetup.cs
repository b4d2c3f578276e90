using LexHeller.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace LexHeller.Api.Web;

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
                // A signed-in user; the administration's use cases (AdminAccess) decide who administers what.
                options.Conventions.AuthorizeFolder("/Admin");
                options.Conventions.AuthorizePage("/Account/Landing");
                options.Conventions.AuthorizePage("/Account/SignOut");
                options.Conventions.AddPageApplicationModelConvention("/Report/ReportForm", page =>
                    page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.AnonymousIntake)));
                options.Conventions.AddFolderApplicationModelConvention("/Receipt", page =>
                    page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.Receipts)));
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
        // The association a page belongs to, named in the layout's header and footer.
        services.AddScoped<PageAssociation>();
        // Swedish letters as letters, not as character references.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        // Both cookies go to this site only (Strict): the form that needs them is one of its own pages.
        // Both are Secure on the wire whatever the request (the cookie policy, SecuritySetup); antiforgery is
        // not told so itself because with Always it throws on a plain-http request rather than setting the cookie.
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "lexheller.antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.FormFieldName = "__RequestVerificationToken";
        });
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = "lexheller.tempdata";
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
        });
        return services;
    }
}
