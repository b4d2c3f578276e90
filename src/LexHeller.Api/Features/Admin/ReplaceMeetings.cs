using System.ComponentModel.DataAnnotations;
using LexHeller.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>
/// Replaces a steering group's meetings from today on with the given dates (past meetings stay as they were),
/// and optionally its cut-off days. Adding or removing one date is a PUT of the list with or without it.
/// </summary>
public static class ReplaceMeetings
{
    [Description("The group's meetings from today on. Dates before today are refused; past meetings are kept as they are.")]
    public sealed record Command(
        [property: Required, Description("The meeting dates (YYYY-MM-DD), each from today to two years ahead, each once; at most 100. An empty list removes every meeting ahead.")]
        IReadOnlyList<DateOnly>? Meetings,
        [property: Description("Days before each meeting that are its cut-off (0–60). Left out: unchanged.")] int? CutOffDays = null)
        : ICommand<MeetingCalendar.Calendar>
    {
        [JsonIgnore]
        public Guid SteeringGroupId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            RuleLevelCascadeMode = CascadeMode.Stop;

            RuleFor(c => c.Meetings).NotNull()
                .Must(dates => dates!.Count <= MeetingCalendar.MaxMeetings).WithMessage($"At most {MeetingCalendar.MaxMeetings} meetings.")
                .Must(dates => dates!.Distinct().Count() == dates!.Count).WithMessage("Each meeting date may be named once.");
            RuleForEach(c => c.Meetings)
                .Must(date => date >= SwedishCalendar.Today(time) && date <= SwedishCalendar.Today(time).AddYears(2))
                .WithMessage("Each meeting must be a date from today to two years ahead.");
            RuleFor(c => c.CutOffDays).CutOffDays();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, MeetingCalendar.Calendar>
    {
        private const string RemoveUpcoming = "DELETE FROM steering_group_meetings WHERE steering_group_id = @Id AND meeting_on >= @Today";
        private const string Insert = "INSERT INTO steering_group_meetings (steering_group_id, meeting_on) VALUES (@Id, @Date)";
        private const string SetCutOffDays = "UPDATE steering_groups SET cut_off_days = @CutOffDays WHERE id = @Id";

        public async ValueTask<MeetingCalendar.Calendar> Handle(Command command, CancellationToken cancellationToken)
        {
            var id = command.SteeringGroupId;
            var associationId = await AdminAccess.SteeringGroupAsync(session, callerContext.Caller, id, cancellationToken);
            var today = SwedishCalendar.Today(time);
            var before = await MeetingCalendar.ReadAsync(session, id, today, cancellationToken);

            await session.ExecuteAsync(RemoveUpcoming, new { Id = id, Today = today }, cancellationToken);
            if (command.Meetings is { Count: > 0 } meetings)
                await session.ExecuteAsync(Insert, meetings.Order().Select(date => new { Id = id, Date = date }), cancellationToken);
            if (command.CutOffDays is { } days)
                await session.ExecuteAsync(SetCutOffDays, new { Id = id, CutOffDays = days }, cancellationToken);

            var after = await MeetingCalendar.ReadAsync(session, id, today, cancellationToken);
            await AuditLog.RecordAsync(session, callerContext.Caller, associationId, "steering-group.meetings-replaced", "steering-group", id.ToString(),
                MeetingCalendar.Audit(before), MeetingCalendar.Audit(after), time.GetUtcNow(), cancellationToken);
            return after;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPut("/steering-groups/{id:guid}/meetings", Endpoint)
            .WithName("ReplaceSteeringGroupMeetings")
            .WithSummary("Replace a steering group's meetings from today on")
            .WithDescription("The list replaces every meeting from today (Swedish date) on; past meetings are kept. "
                + "To add or remove one date, PUT the list with or without it. cutOffDays, when given, sets the days before each meeting that are its cut-off. "
                + "The group's queues then show the first date from today as their next meeting, without anyone editing it after each meeting.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem();

    public static async Task<Ok<MeetingCalendar.Calendar>> Endpoint(Guid id, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with { SteeringGroupId = id }, cancellationToken));
}
