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
            .WithSummary("One de-identified row per report, k-anonymous, streamed, as CSV or JSON")
            .WithDescription("k-anonymous with k = the association's suppression threshold: every row shares its quasi-identifiers (association, "
                + "area, every date and time and the days between them, reporter party kind, involved party kinds, category, kind) with at least "
                + "k − 1 other rows. Dates and times are given to the day, month, quarter or year, and the area kept or replaced by the whole "
                + "association, one level for the whole file (the finest that leaves out at most 5 % of the reports, else the one leaving out "
                + "fewest); reports that still cannot share their row with k − 1 others are left out. CSV: the last row is not a report: its first "
                + "field is withheld and its second the number left out. JSON: an object with association, k, dates (day, month, quarter, year), "
                + "place (area or association), reports (an array of objects) and, last, withheld. Rows come ordered by the (generalised) event "
                + "date, and within it in no telling order. Streamed row by row (no Content-Length), after a first reading that counts the classes. "
                + "Never the report's reference, the reporter's identity or contact, internal notes, messages, answers or any free text, which can "
                + "name a person. " + Common + "Columns, in order: "
                + string.Join("; ", ExportReports.Columns.Select(column => $"{column.Name}: {column.Meaning}")) + ".")
            .Produces<ExportReports.ReportsFile>(StatusCodes.Status200OK, "application/json", "text/csv");

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
