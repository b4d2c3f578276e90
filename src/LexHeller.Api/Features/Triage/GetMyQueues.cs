using LexHeller.Api.Features.Admin;
using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// The caller's queues (through the steering groups they sit in): counts per status, how many reports
/// have an overdue referral, and the next meeting of the group's calendar (the first date from today) with
/// its cut-off, the group's cut-off days (default 14) before it. Per steering group, the answered reports that
/// wait for its decision (every party has answered): what it has to decide at its next meeting.
/// </summary>
public static class GetMyQueues
{
    public const int CutOffDaysBeforeMeeting = MeetingCalendar.DefaultCutOffDays;

    /// <param name="WithCounts">
    /// False when only the queues themselves are wanted (the triage page's queue list): Counts, Open and
    /// Overdue are then empty and zero. The counts per status are read from queue_status_counts (kept by
    /// triggers on reports, migration 0019: a few rows, never the reports themselves, issue 19); the
    /// overdue count reads the open referrals past their date, with each one's report.
    /// </param>
    public sealed record Query(bool WithCounts = true) : IQuery<Response>;

    public sealed record Queue(
        Guid Id,
        string Name,
        string AssociationCode,
        string SteeringGroup,
        IReadOnlyDictionary<string, int> Counts,
        int Open,
        int Overdue,
        DateOnly? NextMeeting,
        DateOnly? CutOff,
        Guid SteeringGroupId);

    [Description("A steering group's answered reports, which wait for its decision, and the meeting where it can decide them.")]
    public sealed record GroupDecisions(
        Guid SteeringGroupId,
        string SteeringGroup,
        string AssociationCode,
        [property: Description("Answered reports in the group's queues (the sum of their counts under 'answered').")] int ToDecide,
        [property: Description("The group's next meeting (Swedish date), or null when none is in its calendar.")] DateOnly? NextMeeting,
        DateOnly? CutOff);

    public sealed record Response(
        IReadOnlyList<Queue> Queues,
        [property: Description("Per steering group of the caller: the answered reports to decide at its next meeting (empty without counts).")] IReadOnlyList<GroupDecisions> Decisions);

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        private const string Queues = $"""
            SELECT q.id, q.name, s.code AS association_code, g.id AS steering_group_id, g.name AS steering_group, g.cut_off_days,
                   {MeetingCalendar.NextMeetingOf} AS next_meeting_on
            FROM queues q
            JOIN steering_groups g ON g.id = q.steering_group_id
            JOIN steering_group_members m ON m.steering_group_id = g.id
            JOIN associations s ON s.id = q.association_id
            WHERE m.user_key = @UserKey
            ORDER BY s.code, q.name COLLATE Finnish_Swedish_100_CI_AS;
            """;

        private const string Counts = """
            SELECT c.queue_id, c.status, c.report_count AS reports
            FROM queue_status_counts c
            JOIN queues q ON q.id = c.queue_id
            JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
            WHERE m.user_key = @UserKey;

            SELECT r.queue_id, COUNT(DISTINCT r.id) AS reports
            FROM reports r
            JOIN referrals f ON f.report_id = r.id
            JOIN queues q ON q.id = r.queue_id
            JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
            WHERE m.user_key = @UserKey AND f.status = 'open' AND f.due_on < @Today
            GROUP BY r.queue_id;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            await using var results = await session.QueryMultipleAsync(query.WithCounts ? Queues + Counts : Queues,
                new { caller.UserKey, Today = SwedishCalendar.Today(time) }, cancellationToken);
            var queues = (await results.ReadAsync<QueueRow>()).ToList();
            var counts = (query.WithCounts ? await results.ReadAsync<CountRow>() : []).ToLookup(row => row.QueueId);
            var overdue = (query.WithCounts ? await results.ReadAsync<CountRow>() : []).ToDictionary(row => row.QueueId, row => row.Reports);

            var answered = Codes.Of(ReportStatus.Answered);
            return new Response([.. queues.Select(queue =>
            {
                var byStatus = Enum.GetValues<ReportStatus>().ToDictionary(
                    Codes.Of, status => counts[queue.Id].Where(c => c.Status == Codes.Of(status)).Sum(c => c.Reports));
                return new Queue(queue.Id, queue.Name, queue.AssociationCode, queue.SteeringGroup, byStatus,
                    byStatus.Where(pair => pair.Key != Codes.Of(ReportStatus.Closed)).Sum(pair => pair.Value),
                    overdue.GetValueOrDefault(queue.Id),
                    queue.NextMeetingOn, MeetingCalendar.CutOff(queue.NextMeetingOn, queue.CutOffDays), queue.SteeringGroupId);
            })], query.WithCounts
                ? [.. queues.GroupBy(queue => queue.SteeringGroupId).Select(group =>
                {
                    var first = group.First();
                    return new GroupDecisions(group.Key, first.SteeringGroup, first.AssociationCode,
                        group.Sum(queue => counts[queue.Id].Where(c => c.Status == answered).Sum(c => c.Reports)),
                        first.NextMeetingOn, MeetingCalendar.CutOff(first.NextMeetingOn, first.CutOffDays));
                })]
                : []);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder queues) =>
        queues.MapGet("/", Endpoint)
            .WithName("GetMyQueues")
            .WithSummary("The caller's queues with counts, overdue reports and the next meeting's cut-off; per group, the answered reports to decide")
            .WithDescription("Queues of the steering groups the caller sits in. The next meeting is the first date of the group's meeting calendar from today (Swedish date); "
                + "the cut-off is the group's cut-off days (default 14) before it. Counts are per status code ('answered': every party has answered, "
                + "the group's decision is due); decisions sums the answered reports per steering group, with its next meeting.");

    public static async Task<Ok<Response>> Endpoint(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(), cancellationToken));

    private sealed class QueueRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string AssociationCode { get; init; } = "";
        public Guid SteeringGroupId { get; init; }
        public string SteeringGroup { get; init; } = "";
        public DateOnly? NextMeetingOn { get; init; }
        public int CutOffDays { get; init; }
    }

    private sealed class CountRow
    {
        public Guid QueueId { get; init; }
        public string Status { get; init; } = "";
        public int Reports { get; init; }
    }
}
