using LexHeller.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>
/// Renames a steering group, sets its cut-off days, or sets (or clears) its next meeting, as a JSON merge patch.
/// The next meeting is the first date of the group's meeting calendar from today: "nextMeetingOn" replaces that
/// date in the calendar with the one given (or adds it when there is none), and null removes it, which is what
/// the field did before the calendar existed, when a group had one next meeting.
/// </summary>
public static class UpdateSteeringGroup
{
    [Description("What to change. A field left out stays as it is; \"nextMeetingOn\": null clears the date.")]
    public sealed record Command : ICommand<SteeringGroupResponse>, IHaveFreeText
    {
        private readonly DateOnly? _nextMeetingOn;

        [JsonIgnore]
        public Guid Id { get; init; }

        [Description("The new name, unique within the association (at most 200 characters).")]
        public string? Name { get; init; }

        [Description("The next meeting (YYYY-MM-DD): today or later, within two years. It replaces the calendar's next meeting (or is added when there is none); null removes the next meeting from the calendar.")]
        public DateOnly? NextMeetingOn
        {
            get => _nextMeetingOn;
            init
            {
                _nextMeetingOn = value;
                ChangesNextMeeting = true;
            }
        }

        [Description("Days before each meeting that are its cut-off (0–60).")]
        public int? CutOffDays { get; init; }

        /// <summary>Whether the body named <c>nextMeetingOn</c> at all: only then does null clear it.</summary>
        [JsonIgnore]
        public bool ChangesNextMeeting { get; private init; }

        public IEnumerable<(string Field, string? Text)> FreeText() => [("name", Name)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(c => c.Name).DisplayName().When(c => c.Name is not null);
            RuleFor(c => c.NextMeetingOn).NextMeeting(time);
            RuleFor(c => c.CutOffDays).CutOffDays();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, SteeringGroupResponse>
    {
        private const string Update = """
            UPDATE steering_groups
            SET name = COALESCE(@Name, name),
                cut_off_days = COALESCE(@CutOffDays, cut_off_days)
            WHERE id = @Id
            """;

        private const string RemoveMeeting = "DELETE FROM steering_group_meetings WHERE steering_group_id = @Id AND meeting_on = @Date";

        public async ValueTask<SteeringGroupResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var associationId = await AdminAccess.SteeringGroupAsync(session, callerContext.Caller, command.Id, cancellationToken);
            var today = SwedishCalendar.Today(time);
            var before = await SteeringGroupResponse.ReadAsync(session, command.Id, today, cancellationToken);

            try
            {
                await session.ExecuteAsync(Update, new { command.Id, command.Name, command.CutOffDays }, cancellationToken);
            }
            catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw SteeringGroupResponse.NameTaken(command.Name!);
            }

            if (command.ChangesNextMeeting && command.NextMeetingOn != before.NextMeetingOn)
            {
                if (before.NextMeetingOn is { } replaced)
                    await session.ExecuteAsync(RemoveMeeting, new { command.Id, Date = replaced }, cancellationToken);
                if (command.NextMeetingOn is { } meeting)
                    await MeetingCalendar.AddAsync(session, command.Id, meeting, cancellationToken);
            }

            var after = await SteeringGroupResponse.ReadAsync(session, command.Id, today, cancellationToken);
            await AuditLog.RecordAsync(session, callerContext.Caller, associationId, "steering-group.updated", "steering-group", command.Id.ToString(),
                before, after, time.GetUtcNow(), cancellationToken);
            return after;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPatch("/steering-groups/{id:guid}", Endpoint)
            .WithName("UpdateSteeringGroup")
            .WithSummary("Rename a steering group, set its cut-off days or its next meeting")
            .WithDescription("A JSON merge patch: a field left out stays as it is. \"nextMeetingOn\" replaces the next meeting of the group's calendar "
                + "(or adds the date when there is none); null removes the next meeting. The whole calendar is GET/PUT /steering-groups/{id}/meetings.")
            .Accepts<Command>("application/json", "application/merge-patch+json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Ok<SteeringGroupResponse>> Endpoint(Guid id, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with { Id = id, Name = command.Name?.Trim() }, cancellationToken));
}
