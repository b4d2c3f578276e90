using System.Buffers;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Infrastructure.Security;

/// <summary>The <c>Limits</c> settings.</summary>
public sealed class RequestLimits
{
    public const string Section = "Limits";

    /// <summary>The largest request body taken, in bytes. A report with every field full is about 30 KB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>The largest body taken by an endpoint marked <see cref="LargeRequestBodyAttribute"/> (a register to import), in bytes.</summary>
    public long MaxLargeRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    public static RequestLimits FromConfiguration(IConfiguration configuration)
    {
        var limits = configuration.GetSection(Section).Get<RequestLimits>() ?? new RequestLimits();
        if (limits.MaxRequestBodyBytes is < 1024 or > 100 * 1024 * 1024)
            throw new InvalidOperationException($"{Section}:MaxRequestBodyBytes must be between 1 KiB and 100 MiB.");
        if (limits.MaxLargeRequestBodyBytes is < 1024 or > 100 * 1024 * 1024)
            throw new InvalidOperationException($"{Section}:MaxLargeRequestBodyBytes must be between 1 KiB and 100 MiB.");
        return limits;
    }

    /// <summary>The limit for this request: the large one for an endpoint (or page) marked <see cref="LargeRequestBodyAttribute"/>.</summary>
    public long For(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<LargeRequestBodyAttribute>() is null ? MaxRequestBodyBytes : Math.Max(MaxRequestBodyBytes, MaxLargeRequestBodyBytes);
}

/// <summary>
/// Marks an endpoint or a page that takes a large body (a file to import) up to <see cref="RequestLimits.MaxLargeRequestBodyBytes"/>
/// instead of <see cref="RequestLimits.MaxRequestBodyBytes"/>. The limit is chosen after routing, from the endpoint's metadata.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class LargeRequestBodyAttribute : Attribute;

/// <summary>
/// Refuses a request body larger than <see cref="RequestLimits.MaxRequestBodyBytes"/> with 413 before
/// anything reads it: problem+json for the API, the Swedish error page for pages. A declared
/// <c>Content-Length</c> is judged at once; a body without one (chunked) is read here, up to the
/// limit, and handed on from memory, so that no reader further on (the JSON binder, the form
/// reader, antiforgery) meets the limit half-way and answers in its own way. The server's own limit
/// (<see cref="IHttpMaxRequestBodySizeFeature"/>, Kestrel's 30 MB by default) is lowered to the same.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, RequestLimits limits, IProblemDetailsService problems,
    ILogger<RequestBodyLimitMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // The error page, re-executed for a refused request, must not be refused again.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }

        var max = limits.For(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
            server.MaxRequestBodySize = max;

        var request = context.Request;
        if (request.ContentLength > max)
        {
            await RefuseAsync(context, max);
            return;
        }

        if (request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
        {
            var body = await ReadAtMostAsync(request.Body, max, context.RequestAborted);
            if (body is null)
            {
                await RefuseAsync(context, max);
                return;
            }

            context.Response.RegisterForDispose(body);
            request.Body = body;
        }

        await next(context);
    }

    /// <summary>The body in memory, or null when it is longer than <paramref name="max"/> bytes.</summary>
    private static async Task<MemoryStream?> ReadAtMostAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        var buffered = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffered.Length + read > max)
                {
                    await buffered.DisposeAsync();
                    return null;
                }

                buffered.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server counted past its own limit (set above) before we did.
            await buffered.DisposeAsync();
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        buffered.Position = 0;
        return buffered;
    }

    private async Task RefuseAsync(HttpContext context, long max)
    {
        logger.LogInformation("Request refused with 413: the body is larger than {Max} bytes", max);
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // Nothing further reads the body, not even the error page re-executed for it (which would
        // otherwise meet the rest of a streamed body as a form).
        context.Request.Body = Stream.Null;
        context.Request.ContentLength = 0;
        // Pages: the status code pages show the Swedish error page.
        if (WebPaths.IsPage(context.Request))
            return;

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large",
                Detail = $"A request body may be at most {max} bytes. Nothing was stored.",
            },
        });
    }
}
