using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Features.Statistics;

public static class StatisticsEndpoints
{
    private const string Filters = "Filters: associationCode (may be left out by a member of one association only), areaCode, from and to "
        + "(event dates, inclusive; to defaults to today, from to the first day of the month eleven months before to; at most 25 years). "
        + "Reports closed as duplicate or forwarded are left out: the surviving report, or the receiving association's copy, counts instead. ";

    private const string Suppression = "A count above zero but below the association's suppression threshold is withheld: "
        + "{ \"value\": null, \"suppressed\": true }; so are other counts and totals of the same table where needed (secondary suppression), "
        + "so that no withheld count can be worked out from the cells and totals shown. The two kinds look the same. ";

    /// <summary>Aggregates for the association's triagers, analysts and administrators: counts only, never a report.</summary>
    public static RouteGroupBuilder MapStatistics(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/statistics").WithTags("Statistics").RequireAuthorization(Policies.Insight)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/categories", GetCategoryStatistics.Endpoint)
            .WithName("GetCategoryStatistics")
            .WithSummary("Reports per category and period (month, quarter or year)")
            .WithDescription("Counts by the category in force (the triager's, else the reporter's suggestion) and the period of the event date. "
                + "Every active category is listed with its Swedish label, and every period of the filter, empty ones with 0; "
                + "each category's counts follow periods, with its total; totals per period and the grand total. interval: month (default), quarter, year. "
                + Filters + Suppression);
        group.MapGet("/party-pairs", GetPartyPairStatistics.Endpoint)
            .WithName("GetPartyPairStatistics")
            .WithSummary("Reports per reporter party kind × involved party kind")
            .WithDescription("A report counts once in its reporter's party kind's row for each distinct kind among its involved parties, "
                + "so a row's cells may add up to more than its total, which counts reports. " + Filters + Suppression);
        group.MapGet("/lead-times", GetLeadTimes.Endpoint)
            .WithName("GetLeadTimes")
            .WithSummary("Median and 90th percentile days from filing to referral, answer and closure; share answered in time")
            .WithDescription("Calendar days (Swedish time) from filing to the first referral, the first answer and the closure, over the reports "
                + "that reached each; percentiles by linear interpolation (as Excel's PERCENTILE.INC). The share answered in time is over the "
                + "referrals of the same reports that are past their due date or answered; in time = answered on or before the due date. "
                + "Figures over fewer reports than the suppression threshold are withheld (null, suppressed: true). " + Filters + Suppression);
        group.MapGet("/areas", GetAreaStatistics.Endpoint)
            .WithName("GetAreaStatistics")
            .WithSummary("Reports per area and category")
            .WithDescription("Every area of the association (only the filtered one with areaCode) with its counts per category, following categories. "
                + Filters + Suppression);
        return group;
    }
}
