using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Features.Exports;

public static class ExportsEndpoints
{
    private const string Common = "format: csv (default) or json. CSV is RFC 4180: UTF-8 with a byte-order mark, CRLF line ends, a header row, "
        + "fields quoted when they hold the delimiter, a quote, CR or LF; delimiter: semicolon (default, for Excel set to Swedish) or comma. "
        + "Filters as the statistics: associationCode, areaCode, from and to (event dates; the last twelve months by default). "
        + "Reports closed as duplicate or forwarded are left out. A bad parameter is a 400 before anything is written. ";

    /// <summary>De-identified files for the association's analysts and triagers.</summary>
    public static RouteGroupBuilder MapExports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/exports").WithTags("Exports").RequireAuthorization(Policies.Insight)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/reports", ExportReports.Endpoint)
            .WithName("ExportReports")
            .WithSummary("One de-identified row per report, streamed, as CSV or JSON")
            .WithDescription("Streamed row by row (no Content-Length); JSON is an array of objects. Never the reporter's identity or contact, "
                + "internal notes, messages, answers or any free text, which can name a person. " + Common + "Columns, in order: "
                + string.Join("; ", ExportReports.Columns.Select(column => $"{column.Name}: {column.Meaning}")) + ".")
            .Produces<IReadOnlyList<ExportReports.ExportedReport>>(StatusCodes.Status200OK, "application/json", "text/csv");

        group.MapGet("/statistics", ExportStatistics.Endpoint)
            .WithName("ExportStatistics")
            .WithSummary("A statistics table as CSV or JSON")
            .WithDescription("table: categories (with interval month, quarter or year), party-pairs, lead-times or areas. JSON is the statistics "
                + "endpoint's answer (a withheld count is null with suppressed: true); CSV writes a withheld count as .. "
                + "and decimals with a comma when the delimiter is a semicolon. CSV columns — categories: category; label; one per period; "
                + "total, then a total row. party-pairs: reporterPartyKind; one per involved party kind; reports, then a total row. lead-times: "
                + "measure (days-to-referral, days-to-answer, days-to-closure, answered-in-time); reports; medianDays; percentile90Days; "
                + "answeredInTime; share. areas: area; areaName; one per category code; total, then a total row. " + Common)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: "application/json");
        return group;
    }
}
