using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Admin;

/// <summary>A steering group's meeting calendar from today on, with the cut-off before each meeting.</summary>
public static class GetMeetings
{
    public sealed record Query(Guid SteeringGroupId) : IQuery<MeetingCalendar.Calendar>;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, MeetingCalendar.Calendar>
    {
        public async ValueTask<MeetingCalendar.Calendar> Handle(Query query, CancellationToken cancellationToken)
        {
            await AdminAccess.SteeringGroupAsync(session, callerContext.Caller, query.SteeringGroupId, cancellationToken);
            return await MeetingCalendar.ReadAsync(session, query.SteeringGroupId, SwedishCalendar.Today(time), cancellationToken);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/steering-groups/{id:guid}/meetings", Endpoint)
            .WithName("GetSteeringGroupMeetings")
            .WithSummary("A steering group's meetings from today on")
            .WithDescription("The dates from today (Swedish date) in order, each with its cut-off (the date less cutOffDays), "
                + "and the next meeting and cut-off that the group's queues show. Past meetings are kept but not listed.");

    public static async Task<Ok<MeetingCalendar.Calendar>> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id), cancellationToken));
}
