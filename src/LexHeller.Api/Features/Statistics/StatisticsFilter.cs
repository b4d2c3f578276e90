using FluentValidation.Results;
using LexHeller.Api.Features.AggregateAccess;
using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Statistics;

/// <summary>The filters every statistic and export takes: association, area, and a period of event dates.</summary>
public interface IStatisticsFilter
{
    string? AssociationCode { get; }
    string? AreaCode { get; }
    DateOnly? From { get; }
    DateOnly? To { get; }
}

/// <summary>
/// The period a filter covers. <c>to</c> defaults to today (Swedish calendar), <c>from</c> to the first day
/// of the month eleven months before <c>to</c>: the last twelve calendar months, this one included.
/// </summary>
public static class StatisticsPeriod
{
    /// <summary>Samordningsförbund exist since 2004: a span of 25 years covers any association's whole history.</summary>
    public const int MaxYears = 25;

    public static (DateOnly From, DateOnly To) Resolve(DateOnly? from, DateOnly? to, DateOnly today)
    {
        var end = to ?? today;
        return (from ?? new DateOnly(end.Year, end.Month, 1).AddMonths(-11), end);
    }
}

/// <summary>Checks the period: <c>from</c> on or before <c>to</c>, at most 25 years.</summary>
public abstract class StatisticsFilterValidator<TQuery> : AbstractValidator<TQuery>
    where TQuery : IStatisticsFilter
{
    protected StatisticsFilterValidator(TimeProvider time)
    {
        RuleFor(query => query.AssociationCode).MaximumLength(TextRules.CodeMaxLength);
        RuleFor(query => query.AreaCode).MaximumLength(TextRules.CodeMaxLength);
        RuleFor(query => query).Custom((query, context) =>
        {
            var (from, to) = StatisticsPeriod.Resolve(query.From, query.To, SwedishCalendar.Today(time));
            if (from > to)
                context.AddFailure(new ValidationFailure("from", $"from ({from:yyyy-MM-dd}) must be on or before to ({to:yyyy-MM-dd})."));
            else if (from.AddYears(StatisticsPeriod.MaxYears) < to)
                context.AddFailure(new ValidationFailure("to", $"The period may span at most {StatisticsPeriod.MaxYears} years."));
        });
    }
}

/// <summary>A filter checked against the caller's access and the association's areas, ready for the SQL.</summary>
public sealed record ResolvedFilter(InsightScope Scope, Guid? AreaId, string? AreaCode, DateOnly From, DateOnly To)
{
    public int Threshold => Scope.SuppressionThreshold;

    /// <summary>The parameters of the reports' filter in the SQL: <c>@AssociationId</c>, <c>@AreaId</c>, <c>@From</c>, <c>@To</c>.</summary>
    public object Arguments => new { Scope.AssociationId, AreaId, From, To };

    /// <summary>
    /// The reports of the filter, aliased <c>r</c>, for a WHERE clause: the association's, with an event date in the period,
    /// in the area when one is given, and counted (<see cref="CountedReports"/>). Binds <see cref="Arguments"/>.
    /// </summary>
    public const string Condition = $"""
        r.association_id = @AssociationId
        AND r.event_date >= @From AND r.event_date <= @To
        AND (@AreaId IS NULL OR r.area_id = @AreaId)
        AND {CountedReports.Condition}
        """;

    public FilterEcho Echo => new(Scope.AssociationCode, AreaCode, From, To, Threshold);

    private const string Area = "SELECT id FROM areas WHERE association_id = @AssociationId AND code = @Code";

    /// <summary>Who may read (403/404 from <see cref="InsightAccess"/>), and which area: an unknown one is a 400 naming it.</summary>
    public static async Task<ResolvedFilter> ResolveAsync(DbSession session, Caller caller, IStatisticsFilter filter, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var scope = await InsightAccess.ResolveAsync(session, caller, filter.AssociationCode, cancellationToken);
        var (from, to) = StatisticsPeriod.Resolve(filter.From, filter.To, SwedishCalendar.Today(time));
        var areaCode = string.IsNullOrWhiteSpace(filter.AreaCode) ? null : Codes.Canonical(filter.AreaCode);
        Guid? areaId = null;
        if (areaCode is not null)
        {
            areaId = await session.QuerySingleOrDefaultAsync<Guid?>(
                Area, new { scope.AssociationId, Code = areaCode }, cancellationToken)
                ?? throw ValidationFailures.Invalid("areaCode",
                    $"The association '{scope.AssociationCode}' has no area '{areaCode}'.");
        }

        return new ResolvedFilter(scope, areaId, areaCode, from, to);
    }
}

/// <summary>Every statistic's answer: what it was computed over comes first.</summary>
public interface IStatisticsResponse
{
    FilterEcho Filter { get; }
}

/// <summary>What a statistic was computed over, echoed in every answer.</summary>
public sealed record FilterEcho(string AssociationCode, string? AreaCode, DateOnly From, DateOnly To, int SuppressionThreshold);

/// <summary>
/// A count as it may be shown: <c>{ "value": 7, "suppressed": false }</c>, or <c>{ "value": null, "suppressed": true }</c>
/// when it is withheld: above zero but below the association's suppression threshold, or withheld so that such a
/// count cannot be worked out from the totals (secondary suppression). The two look the same on purpose.
/// </summary>
public sealed record CountCell(int? Value, bool Suppressed)
{
    /// <summary>Primary suppression only: for a count that stands in no table with totals.</summary>
    public static CountCell Of(int count, int threshold) =>
        new(SmallCounts.Shown(count, threshold), SmallCounts.IsSuppressed(count, threshold));

    public static CountCell Of(int count, bool withheld) => withheld ? new(null, true) : new(count, false);
}
