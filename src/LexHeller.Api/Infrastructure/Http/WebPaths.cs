namespace LexHeller.Api.Infrastructure.Http;

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
