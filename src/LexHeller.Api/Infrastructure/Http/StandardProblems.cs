namespace LexHeller.Api.Infrastructure.Http;

/// <summary>
/// The problem responses (application/problem+json) that a group or an endpoint declares in the OpenAPI
/// document, named once instead of chained by hand. Each declares its statuses in the order given here,
/// which is the order the document lists them in.
/// </summary>
public static class StandardProblems
{
    /// <summary>401 and 403: the caller is not signed in, or may not do this.</summary>
    public static TBuilder ProducesAccessProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>401, 403 and 404: as <see cref="ProducesAccessProblems"/>, and what the route names (or the caller's association) is not found.</summary>
    public static TBuilder ProducesStandardProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .ProducesAccessProblems()
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>400, then the <see cref="ProducesStandardProblems"/>: reads filtered by their query string (statistics, exports, charts).</summary>
    public static TBuilder ProducesFilterProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .ProducesValidationProblem()
            .ProducesStandardProblems();
}
