using LexHeller.Api.Features.Admin;
using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// The caller's queues (through the steering groups they sit in): counts per status, how many reports
/// have an overdue referral, and the next meeting of the group's calendar (the first date from today) with
/// its cut-off, the group's cut-off days (default 14) before it.
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
        DateOnly? CutOff);

    public sealed record Response(IReadOnlyList<Queue> Queues);

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        private const string Queues = $"""
            SELECT q.id, q.name, s.code AS association_code, g.name AS steering_group, g.cut_off_days,
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

            return new Response([.. queues.Select(queue =>
            {
                var byStatus = Enum.GetValues<ReportStatus>().ToDictionary(
                    Codes.Of, status => counts[queue.Id].Where(c => c.Status == Codes.Of(status)).Sum(c => c.Reports));
                return new Queue(queue.Id, queue.Name, queue.AssociationCode, queue.SteeringGroup, byStatus,
                    byStatus.Where(pair => pair.Key != Codes.Of(ReportStatus.Closed)).Sum(pair => pair.Value),
                    overdue.GetValueOrDefault(queue.Id),
                    queue.NextMeetingOn, MeetingCalendar.CutOff(queue.NextMeetingOn, queue.CutOffDays));
            })]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder queues) =>
        queues.MapGet("/", Endpoint)
            .WithName("GetMyQueues")
            .WithSummary("The caller's queues with counts, overdue reports and the next meeting's cut-off")
            .WithDescription("Queues of the steering groups the caller sits in. The next meeting is the first date of the group's meeting calendar from today (Swedish date); "
                + "the cut-off is the group's cut-off days (default 14) before it.");

    public static async Task<Ok<Response>> Endpoint(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(), cancellationToken));

    private sealed class QueueRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string AssociationCode { get; init; } = "";
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
