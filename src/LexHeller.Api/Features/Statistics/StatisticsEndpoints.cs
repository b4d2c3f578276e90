namespace LexHeller.Api.Features.Statistics;

public static class StatisticsEndpoints
{
    /// <summary>What every statistic's description says of its filters.</summary>
    internal const string Filters = "Filters: associationCode (may be left out by a member of one association only), areaCode, from and to "
        + "(event dates, inclusive; to defaults to today, from to the first day of the month eleven months before to; at most 25 years). "
        + "Reports closed as duplicate or forwarded are left out: the surviving report, or the receiving association's copy, counts instead. ";

    /// <summary>What every statistic's description says of withheld counts.</summary>
    internal const string Suppression = "A count above zero but below the association's suppression threshold is withheld: "
        + "{ \"value\": null, \"suppressed\": true }; so are other counts and totals of the same table where needed (secondary suppression), "
        + "so that no withheld count can be worked out from the cells and totals shown. The two kinds look the same. ";

    /// <summary>Aggregates for the association's triagers, analysts and administrators: counts only, never a report.</summary>
    public static RouteGroupBuilder MapStatistics(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/statistics").WithTags("Statistics").RequireAuthorization(Policies.Insight)
            .ProducesFilterProblems();

        GetCategoryStatistics.Map(group);
        GetPartyPairStatistics.Map(group);
        GetLeadTimes.Map(group);
        GetAreaStatistics.Map(group);
        GetReporterFeedbackStatistics.Map(group);
        return group;
    }
}
