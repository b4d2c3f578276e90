using LexHeller.Api.Infrastructure.Security;
using LexHeller.Api.Web;

namespace LexHeller.Api.Composition;

public static class LexHellerPipeline
{
    /// <summary>The middleware every request passes, in this order; the endpoints (<see cref="LexHellerEndpoints"/>) come after it.</summary>
    public static WebApplication UseLexHellerPipeline(this WebApplication app)
    {
        // The client's address and scheme as a known proxy forwarded them; then the headers every response carries.
        app.UseForwardedHeaders();
        // From here on, the request's scheme and host are the configured public address (App:PublicBaseUrl), never the caller's Host.
        app.UsePublicAddress();
        app.UseLexHellerSecurityHeaders();
        // The API answers failures as problem+json; the pages answer them with a Swedish page.
        app.UseWhen(context => !WebPaths.IsPage(context.Request), api => api.UseExceptionHandler().UseStatusCodePages().UseUtf8JsonBodies());
        app.UseWhen(context => WebPaths.IsPage(context.Request), pages => pages
            .UseExceptionHandler(WebPaths.ErrorPage)
            .UseStatusCodePagesWithReExecute(WebPaths.ErrorPage, "?status={0}"));
        app.UseStaticFiles();
        app.UseCookiePolicy();
        // Routing after the error pages, so that a re-executed request (/fel) is routed again.
        app.UseRouting();
        // After routing, so that an endpoint that takes a file (LargeRequestBodyAttribute) gets its larger limit; before
        // anything reads a body.
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        // After authentication (an API key is limited by its own id), before authorization.
        app.UseRateLimiter();
        app.UseAuthorization();

        // Swagger UI is for developers: off in Production unless App:SwaggerUi says otherwise. The document it shows
        // (/openapi/v1.json, mapped with the endpoints) always stays.
        if (PublicAddressSetup.ServesSwaggerUi(app.Configuration, app.Environment))
        {
            app.UseSwaggerUI(options =>
            {
                options.SwaggerEndpoint("/openapi/v1.json", "Lex Heller API v1");
                options.RoutePrefix = "swagger";
                options.DocumentTitle = "Lex Heller API";
            });
        }
        return app;
    }
}
