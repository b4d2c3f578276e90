namespace LexHeller.Api.Features.AggregateAccess;

/// <summary>
/// Which reports patterns, statistics and exports count: not those closed as a duplicate (the
/// surviving report counts) or as forwarded (the receiving association's copy counts). ADR 9.
/// </summary>
public static class CountedReports
{
    /// <summary>The condition on a report aliased <c>r</c>.</summary>
    public const string Condition = "(r.resolution IS NULL OR r.resolution NOT IN ('duplicate', 'forwarded'))";
}
