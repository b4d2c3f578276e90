using Microsoft.Net.Http.Headers;

namespace LexHeller.Api.Infrastructure.Http;

/// <summary>
/// JSON between systems is UTF-8 (RFC 8259, section 8.1). A JSON body declared in another charset is refused with
/// 415 before anything reads it: the framework would otherwise transcode Latin-1 or UTF-16 into text nobody
/// meant, and answer an unknown charset with a 500.
/// </summary>
public static class Utf8JsonBodies
{
    public static IApplicationBuilder UseUtf8JsonBodies(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && IsJson(mediaType)
            && mediaType.Charset.HasValue
            && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !mediaType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException(
                $"JSON is read as UTF-8 only: send the body in UTF-8 with charset=utf-8 or no charset, not '{mediaType.Charset}'.",
                StatusCodes.Status415UnsupportedMediaType);
        }

        return next(context);
    });

    private static bool IsJson(MediaTypeHeaderValue mediaType) =>
        mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
}
