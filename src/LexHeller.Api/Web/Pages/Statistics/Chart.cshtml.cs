using LexHeller.Api.Features.Charts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static LexHeller.Api.Web.Pages.Statistics.StatisticsPageFilter;

namespace LexHeller.Api.Web.Pages.Statistics;

/// <summary>
/// A chart at an address a signed-in user can open, save or paste into a board paper
/// (<see cref="GetChart"/>, as the API's <c>/api/v1/charts</c>, which takes no sign-in cookie).
/// </summary>
public sealed class ChartModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string chart, string format,
        [FromQuery(Name = AssociationName)] string? association, [FromQuery(Name = AreaName)] string? area,
        [FromQuery(Name = FromName)] DateOnly? from, [FromQuery(Name = ToName)] DateOnly? to,
        [FromQuery(Name = IntervalName)] string? interval,
        [FromQuery(Name = WidthName)] int? width, [FromQuery(Name = HeightName)] int? height,
        CancellationToken cancellationToken)
    {
        // A date or size that cannot be read is a mistake in the address, not a reason to draw something else.
        if (!ModelState.IsValid)
            return BadRequest();

        var rendered = await mediator.Send(new GetChart.Query(chart, format, association, area, from, to, interval, width, height), cancellationToken);
        Response.Headers.CacheControl = GetChart.CacheControl;
        return File(rendered.Content, rendered.ContentType);
    }
}
