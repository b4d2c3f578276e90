using LexHeller.Api.Data.Resilience;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Infrastructure.Problems;

/// <summary>
/// The one place where failures become <c>application/problem+json</c>: validation → 400 with every
/// failing field, malformed bodies → 400 naming the field, personal number → 422, not found → 404,
/// forbidden → 403. A transient database fault that outlasted the retries → 503 with Retry-After (not
/// the client's mistake, but worth repeating); one during a commit whose outcome is unknown → 503 without it.
/// Anything else is a fault of ours and stays a 500 without details.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, DatabaseResilience resilience, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A page answers with a page of its own (Web/Pages/Error), not with JSON.
        if (WebPaths.IsPage(httpContext.Request))
            return false;

        var problem = exception switch
        {
            ValidationException validation => ValidationProblem(validation),
            BadHttpRequestException badRequest => BadRequestProblem(badRequest),
            PersonalNumberException personalNumber => PersonalNumberProblem(personalNumber),
            NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found", notFound.Message),
            ForbiddenException forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", forbidden.Message),
            AuthenticationRequiredException unauthenticated => Problem(StatusCodes.Status401Unauthorized, "Authentication required", unauthenticated.Message),
            UnprocessableException unprocessable => Problem(StatusCodes.Status422UnprocessableEntity, unprocessable.Title, unprocessable.Message),
            ConflictException conflict => Problem(StatusCodes.Status409Conflict, conflict.Title, conflict.Message),
            IllegalTransitionException illegal => IllegalTransitionProblem(illegal),
            PreconditionRequiredException required => Problem(StatusCodes.Status428PreconditionRequired, "If-Match required", required.Message),
            PreconditionFailedException stale => StaleProblem(stale),
            CommitOutcomeUnknownException => Problem(StatusCodes.Status503ServiceUnavailable, "The outcome is unknown",
                "The database failed while the change was being saved; it may or may not have been stored. Check before repeating it, or send an Idempotency-Key to make repeating safe."),
            _ when SqlServerTransientFaults.IsTransient(exception) => Problem(StatusCodes.Status503ServiceUnavailable, "The database is unavailable",
                "The database is briefly unavailable and nothing was changed. Try again shortly."),
            _ => null,
        };

        if (problem is null)
            return false;

        logger.LogInformation("Request refused with {Status}: {Title}", problem.Status, problem.Title);
        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is not CommitOutcomeUnknownException && problem.Status == StatusCodes.Status503ServiceUnavailable)
            httpContext.Response.Headers.RetryAfter = ((int)resilience.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    private static ProblemDetails IllegalTransitionProblem(IllegalTransitionException exception)
    {
        var problem = Problem(StatusCodes.Status409Conflict, "Not allowed in the report's current state", exception.Message);
        problem.Extensions["reportStatus"] = Codes.Of(exception.Decision.From);
        problem.Extensions["allowedTransitions"] = exception.Decision.AllowedActions.Select(Codes.Of).ToArray();
        return problem;
    }

    private static ProblemDetails StaleProblem(PreconditionFailedException exception)
    {
        var problem = Problem(StatusCodes.Status412PreconditionFailed, $"The {exception.Thing} has changed", exception.Message);
        problem.Extensions["currentETag"] = exception.CurrentETag;
        return problem;
    }

    private static HttpValidationProblemDetails ValidationProblem(ValidationException exception)
    {
        var errors = exception.Errors
            .GroupBy(failure => JsonFieldName(failure.PropertyName))
            .ToDictionary(group => group.Key, group => group.Select(failure => failure.ErrorMessage).Distinct().ToArray());
        return new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid",
            Detail = $"{errors.Count} field(s) failed validation: {string.Join(", ", errors.Keys)}.",
        };
    }

    private static ProblemDetails BadRequestProblem(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : JsonFieldName(json.Path.TrimStart('$', '.'));
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [field] = [$"The value of '{field}' could not be read: it is missing, malformed or of the wrong type."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body is malformed",
                Detail = $"The JSON could not be read at '{field}'.",
            };
        }

        var title = exception.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type" : "The request is malformed";
        return Problem(exception.StatusCode, title, exception.Message);
    }

    private static HttpValidationProblemDetails PersonalNumberProblem(PersonalNumberException exception) =>
        new(exception.Fields.Distinct().ToDictionary(
            field => field,
            field => new[]
            {
                $"'{field}' contains a number that looks like a Swedish personal identity or coordination number (a valid date and check digit). "
                + "Such text is refused even when the number is something else. Remove it: a report must not identify the person.",
            }))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The text identifies a person",
            Detail = $"Numbers that look like personal identity or coordination numbers (a valid date and check digit) were found in: "
                + $"{string.Join(", ", exception.Fields)}. Text with such a number is refused even when it is something else. Nothing was stored.",
        };

    /// <summary>
    /// <c>Reporter.Email</c> → <c>reporter.email</c>; <c>InvolvedPartyIds[0]</c> → <c>involvedPartyIds[0]</c>.
    /// Header names (<c>Idempotency-Key</c>) keep their spelling.
    /// </summary>
    public static string JsonFieldName(string propertyPath) =>
        propertyPath.Contains('-', StringComparison.Ordinal)
            ? propertyPath
            : string.Join('.', propertyPath.Split('.').Select(segment =>
                segment.Length == 0 ? segment : char.ToLowerInvariant(segment[0]) + segment[1..]));
}
