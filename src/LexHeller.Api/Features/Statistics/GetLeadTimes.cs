using LexHeller.Api.Features.AggregateAccess;
using LexHeller.Api.Features.Referrals;
using LexHeller.Domain.Insight;
using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Statistics;

/// <summary>
/// How long reports wait, over the reports of the filter (by event date): the median and 90th
/// percentile (<see cref="Percentiles"/>, linear interpolation) of the days from filing to the first
/// referral, to the first answer and to closure, each over the reports that reached that milestone.
/// Days are calendar days in Swedish time between the two dates, so a report referred the day it was
/// filed waits 0 days. A report closed, reopened and not yet closed again has no closure.
/// <para>
/// The share answered in time is over the referrals of those same reports whose due date has passed
/// (due before today) or that have been answered: a referral still open and not yet due cannot be
/// judged. In time means answered on or before the due date (Swedish calendar).
/// A referral left unanswered when its report was closed counts as judged and not in time; one withdrawn by the
/// steering group or declined by the party ("not ours") is not the party's to answer and is not judged.
/// </para>
/// <para>
/// Per party, the referrals of those reports by how they stand (answered, unanswered, declined, withdrawn, open) with
/// the median days from referral to answer: a table of parties × outcomes protected as every table is
/// (<see cref="TableSuppression"/>, with party and outcome totals), so a small count cannot be worked out from the rest.
/// </para>
/// Figures over fewer reports or referrals than the suppression threshold are withheld.
/// </summary>
public static class GetLeadTimes
{
    public enum Milestone
    {
        Referral,
        Answer,
        Closure,
    }

    public sealed record Query(string? AssociationCode, string? AreaCode, DateOnly? From, DateOnly? To) : IQuery<Response>, IStatisticsFilter;

    /// <summary><c>reports</c> is how many reports reached the milestone; the days are null when that count is suppressed.</summary>
    public sealed record LeadTime(Milestone Milestone, CountCell Reports, double? MedianDays, double? Percentile90Days, bool Suppressed);

    /// <summary>
    /// <c>referrals</c> judged, how many of them were <c>answeredInTime</c>, and the <c>share</c> (0–1). The share is
    /// withheld when either the on-time or the late count is suppressed, since it would give them away.
    /// </summary>
    public sealed record InTime(CountCell Referrals, CountCell AnsweredInTime, double? Share, bool Suppressed);

    /// <summary>
    /// One party's referrals: how many (<c>referrals</c>) and how they stand; <c>medianDaysToAnswer</c> from referral to answer over the
    /// answered ones, null when their count is withheld or zero.
    /// </summary>
    public sealed record PartyReferrals(string Party, CountCell Referrals, CountCell Answered, CountCell Unanswered, CountCell Declined,
        CountCell Withdrawn, CountCell Open, double? MedianDaysToAnswer);

    /// <summary>The outcomes summed over every party (<c>party</c> is empty).</summary>
    public sealed record Response(FilterEcho Filter, IReadOnlyList<LeadTime> Milestones, InTime AnsweredInTime,
        IReadOnlyList<PartyReferrals> Parties, PartyReferrals PartyTotal) : IStatisticsResponse;

    public sealed class Validator(TimeProvider time) : StatisticsFilterValidator<Query>(time);

    public const string Milestones = $"""
        SELECT r.created_at, r.first_referred_at, r.first_answered_at, r.closed_at
        FROM reports r
        WHERE {ResolvedFilter.Condition}
          AND (r.first_referred_at IS NOT NULL OR r.closed_at IS NOT NULL)
        """;

    public const string JudgedReferrals = $"""
        SELECT f.due_on, f.answered_at
        FROM referrals f
        JOIN reports r ON r.id = f.report_id
        WHERE {ResolvedFilter.Condition}
          AND f.status IN ('open', 'answered', 'unanswered')
          AND (f.answered_at IS NOT NULL OR f.due_on < @Today OR f.status = 'unanswered')
        """;

    public const string ReferralsByParty = $"""
        SELECT f.party_id, p.name AS party, f.status, f.created_at, f.answered_at
        FROM referrals f
        JOIN reports r ON r.id = f.report_id
        JOIN parties p ON p.id = f.party_id
        WHERE {ResolvedFilter.Condition}
        """;

    /// <summary>The columns of the per-party table, in the order of <see cref="PartyReferrals"/>.</summary>
    private static readonly string[] Outcomes = [ReferralStatuses.Answered, ReferralStatuses.Unanswered, ReferralStatuses.Declined,
        ReferralStatuses.Withdrawn, ReferralStatuses.Open];

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var filter = await ResolvedFilter.ResolveAsync(session, callerContext.Caller, query, time, cancellationToken);

            var toReferral = new List<double>();
            var toAnswer = new List<double>();
            var toClosure = new List<double>();
            await foreach (var row in session.QueryUnbufferedAsync<MilestoneRow>(Milestones, filter.Arguments, cancellationToken))
            {
                var filed = SwedishCalendar.DateOf(row.CreatedAt);
                AddDays(toReferral, filed, row.FirstReferredAt);
                AddDays(toAnswer, filed, row.FirstAnsweredAt);
                AddDays(toClosure, filed, row.ClosedAt);
            }

            var referrals = await session.QueryAsync<ReferralRow>(JudgedReferrals,
                new { filter.Scope.AssociationId, filter.AreaId, filter.From, filter.To, Today = SwedishCalendar.Today(time) },
                cancellationToken);
            int judged = 0, inTime = 0;
            foreach (var referral in referrals)
            {
                judged++;
                if (referral.AnsweredAt is { } answeredAt && SwedishCalendar.DateOf(answeredAt) <= referral.DueOn)
                    inTime++;
            }

            var threshold = filter.Threshold;
            var byParty = await session.QueryAsync<PartyReferralRow>(ReferralsByParty, filter.Arguments, cancellationToken);
            var (parties, partyTotal) = PerParty(byParty, threshold);
            return new Response(
                filter.Echo,
                [Measure(Milestone.Referral, toReferral, threshold), Measure(Milestone.Answer, toAnswer, threshold), Measure(Milestone.Closure, toClosure, threshold)],
                ShareInTime(judged, inTime, threshold),
                parties,
                partyTotal);
        }

        private static (IReadOnlyList<PartyReferrals> Parties, PartyReferrals Total) PerParty(IEnumerable<PartyReferralRow> rows, int threshold)
        {
            var parties = rows.GroupBy(row => row.PartyId)
                .Select(party => (Name: party.First().Party, Rows: party.ToList()))
                .OrderBy(party => party.Name, StringComparer.Create(Shared.Swedish.Culture, ignoreCase: true))
                .ToList();
            var counts = new int[parties.Count, Outcomes.Length];
            for (var row = 0; row < parties.Count; row++)
            {
                for (var column = 0; column < Outcomes.Length; column++)
                    counts[row, column] = parties[row].Rows.Count(referral => referral.Status == Outcomes[column]);
            }

            var table = TableSuppression.Protect(counts, threshold, TableMargins.All);
            CountCell Cell(int row, int column, int count) => CountCell.Of(count, table.IsWithheld(row, column));
            PartyReferrals Line(string name, int row, Func<int, int> count, int total, double? median) => new(name,
                Cell(row, Outcomes.Length, total), Cell(row, 0, count(0)), Cell(row, 1, count(1)), Cell(row, 2, count(2)),
                Cell(row, 3, count(3)), Cell(row, 4, count(4)), table.IsWithheld(row, 0) ? null : median);

            var lines = parties.Select((party, row) => Line(party.Name, row, column => counts[row, column], party.Rows.Count,
                MedianDaysToAnswer(party.Rows))).ToList();
            var all = parties.SelectMany(party => party.Rows).ToList();
            var total = Line("", parties.Count, column => Enumerable.Range(0, parties.Count).Sum(row => counts[row, column]), all.Count,
                MedianDaysToAnswer(all));
            return (lines, total);
        }

        private static double? MedianDaysToAnswer(IReadOnlyList<PartyReferralRow> referrals)
        {
            var days = referrals.Where(referral => referral.AnsweredAt is not null)
                .Select(referral => (double)(SwedishCalendar.DateOf(referral.AnsweredAt!.Value).DayNumber - SwedishCalendar.DateOf(referral.CreatedAt).DayNumber))
                .ToList();
            return days.Count == 0 ? null : Math.Round(Percentiles.Median(days), 1);
        }

        private static void AddDays(List<double> days, DateOnly filed, DateTimeOffset? reached)
        {
            if (reached is { } at)
                days.Add(SwedishCalendar.DateOf(at).DayNumber - filed.DayNumber);
        }
    }

    public static LeadTime Measure(Milestone milestone, IReadOnlyList<double> days, int threshold)
    {
        var count = CountCell.Of(days.Count, threshold);
        return count.Suppressed || days.Count == 0
            ? new LeadTime(milestone, count, null, null, count.Suppressed)
            : new LeadTime(milestone, count, Math.Round(Percentiles.Median(days), 1), Math.Round(Percentiles.Percentile90(days), 1), false);
    }

    /// <summary>
    /// Judged = in time + late. When any of the three is small, the share is withheld and so is the count in time,
    /// whatever it is (even 0): shown beside the judged count it would give the late count away.
    /// </summary>
    public static InTime ShareInTime(int judged, int inTime, int threshold)
    {
        var suppressed = SmallCounts.IsSuppressed(judged, threshold) || SmallCounts.IsSuppressed(inTime, threshold)
            || SmallCounts.IsSuppressed(judged - inTime, threshold);
        return new InTime(CountCell.Of(judged, threshold), suppressed ? CountCell.Of(inTime, withheld: true) : CountCell.Of(inTime, threshold),
            suppressed || judged == 0 ? null : Math.Round((double)inTime / judged, 3), suppressed);
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder statistics) =>
        statistics.MapGet("/lead-times", Endpoint)
            .WithName("GetLeadTimes")
            .WithSummary("Median and 90th percentile days from filing to referral, answer and closure; share answered in time")
            .WithDescription("Calendar days (Swedish time) from filing to the first referral, the first answer and the closure, over the reports "
                + "that reached each; percentiles by linear interpolation (as Excel's PERCENTILE.INC). The share answered in time is over the "
                + "referrals of the same reports that are past their due date or answered; in time = answered on or before the due date. "
                + "Figures over fewer reports than the suppression threshold are withheld (null, suppressed: true). "
                + StatisticsEndpoints.Filters + StatisticsEndpoints.Suppression);

    public static async Task<Ok<Response>> Endpoint(string? associationCode, string? areaCode, DateOnly? from, DateOnly? to,
        IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(associationCode, areaCode, from, to), cancellationToken));

    private sealed class MilestoneRow
    {
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? FirstReferredAt { get; init; }
        public DateTimeOffset? FirstAnsweredAt { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
    }

    private sealed class PartyReferralRow
    {
        public Guid PartyId { get; init; }
        public string Party { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? AnsweredAt { get; init; }
    }

    private sealed class ReferralRow
    {
        public DateOnly DueOn { get; init; }
        public DateTimeOffset? AnsweredAt { get; init; }
    }
}
