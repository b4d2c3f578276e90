using LexHeller.Api.Features.Exports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static LexHeller.Api.Web.Pages.Statistics.StatisticsPageFilter;

namespace LexHeller.Api.Web.Pages.Statistics;

/// <summary>
/// The exports behind the Statistik page's buttons, for a signed-in user: the API's own export
/// endpoints (<see cref="ExportReports"/>, <see cref="ExportStatistics"/>) under Swedish file names,
/// with the page's filter. <c>avvikelser</c> is one de-identified row per report; the others are
/// the statistics tables.
/// </summary>
public sealed class ExportModel(IMediator mediator) : PageModel
{
    public const string Reports = "avvikelser";
    public const string DelimiterName = "avgransare";

    /// <summary>The statistics tables by their Swedish file names.</summary>
    public static IReadOnlyDictionary<string, ExportStatistics.Table> Tables { get; } = new Dictionary<string, ExportStatistics.Table>
    {
        ["kategorier"] = ExportStatistics.Table.Categories,
        ["parter"] = ExportStatistics.Table.PartyPairs,
        ["omraden"] = ExportStatistics.Table.Areas,
        ["ledtider"] = ExportStatistics.Table.LeadTimes,
    };

    public async Task<IActionResult> OnGetAsync(string file, string format,
        [FromQuery(Name = AssociationName)] string? association, [FromQuery(Name = AreaName)] string? area,
        [FromQuery(Name = FromName)] DateOnly? from, [FromQuery(Name = ToName)] DateOnly? to,
        [FromQuery(Name = IntervalName)] string? interval, [FromQuery(Name = DelimiterName)] string? delimiter,
        CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
            return BadRequest();

        if (file == Reports)
            return new Written(await ExportReports.Endpoint(association, area, from, to, format, delimiter, mediator, cancellationToken));
        if (Tables.TryGetValue(file, out var table))
        {
            return new Written(await ExportStatistics.Endpoint(Codes.Of(table), association, area, from, to, interval, format, delimiter,
                mediator, cancellationToken));
        }

        return NotFound();
    }

    /// <summary>The API's streamed answer, written as it is.</summary>
    private sealed class Written(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
