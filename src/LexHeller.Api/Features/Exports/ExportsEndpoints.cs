namespace LexHeller.Api.Features.Exports;

public static class ExportsEndpoints
{
    /// <summary>What every export's description ends with: format, CSV, filters.</summary>
    internal const string Common = "format: csv (default) or json. CSV is RFC 4180: UTF-8 with a byte-order mark, CRLF line ends, a header row, "
        + "fields quoted when they hold the delimiter, a quote, CR or LF; delimiter: semicolon (default, for Excel set to Swedish) or comma. "
        + "Filters as the statistics: associationCode, areaCode, from and to (event dates; the last twelve months by default). "
        + "Reports closed as duplicate or forwarded are left out. A bad parameter is a 400 before anything is written. ";

    /// <summary>De-identified files for the association's analysts and triagers.</summary>
    public static RouteGroupBuilder MapExports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/exports").WithTags("Exports").RequireAuthorization(Policies.Insight)
            .ProducesFilterProblems();

        ExportReports.Map(group);
        ExportStatistics.Map(group);
        return group;
    }
}
