using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Admin;

/// <summary>An association's steering groups with their members (triagers), next meeting (from their calendars) and queues.</summary>
public static class ListSteeringGroups
{
    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record Queue(Guid Id, string Name);

    public sealed record SteeringGroup(Guid Id, string Name, DateOnly? NextMeetingOn, IReadOnlyList<string> Members, IReadOnlyList<Queue> Queues)
    {
        [Description("Days before each meeting that are its cut-off (0–60).")]
        public int CutOffDays { get; init; } = MeetingCalendar.DefaultCutOffDays;

        [Description("The next meeting less cutOffDays, or null.")]
        public DateOnly? CutOffOn { get; init; }
    }

    public sealed record Response(string AssociationCode, string AssociationName, IReadOnlyList<SteeringGroup> SteeringGroups);

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        private const string Sql = $"""
            SELECT g.id, g.name, g.cut_off_days, {MeetingCalendar.NextMeetingOf} AS next_meeting_on
            FROM steering_groups g WHERE g.association_id = @AssociationId ORDER BY g.name COLLATE Finnish_Swedish_100_CI_AS;

            SELECT m.steering_group_id, m.user_key
            FROM steering_group_members m
            JOIN steering_groups g ON g.id = m.steering_group_id
            WHERE g.association_id = @AssociationId
            ORDER BY m.user_key;

            SELECT id, steering_group_id, name FROM queues WHERE association_id = @AssociationId ORDER BY name COLLATE Finnish_Swedish_100_CI_AS;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);

            await using var results = await session.QueryMultipleAsync(
                Sql, new { AssociationId = association.Id, Today = SwedishCalendar.Today(time) }, cancellationToken);
            var groups = await results.ReadAsync<GroupRow>();
            var members = (await results.ReadAsync<MemberRow>()).ToLookup(member => member.SteeringGroupId, member => member.UserKey);
            var queues = (await results.ReadAsync<QueueRow>()).ToLookup(queue => queue.SteeringGroupId, queue => new Queue(queue.Id, queue.Name));

            return new Response(association.Code, association.Name,
                [.. groups.Select(group => new SteeringGroup(group.Id, group.Name, group.NextMeetingOn, [.. members[group.Id]], [.. queues[group.Id]])
                {
                    CutOffDays = group.CutOffDays,
                    CutOffOn = MeetingCalendar.CutOff(group.NextMeetingOn, group.CutOffDays),
                })]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/steering-groups", Endpoint)
            .WithName("ListSteeringGroups")
            .WithSummary("An association's steering groups")
            .WithDescription("Each group with its members (triagers, by e-mail), next meeting (the first date of its calendar from today) with its cut-off, and the queues it owns.");

    public static async Task<Ok<Response>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));

    private sealed class GroupRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public DateOnly? NextMeetingOn { get; init; }
        public int CutOffDays { get; init; }
    }

    private sealed class MemberRow
    {
        public Guid SteeringGroupId { get; init; }
        public string UserKey { get; init; } = "";
    }

    private sealed class QueueRow
    {
        public Guid Id { get; init; }
        public Guid SteeringGroupId { get; init; }
        public string Name { get; init; } = "";
    }
}
