using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>Renames a steering group or sets (or clears) its next meeting, as a JSON merge patch.</summary>
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

        [Description("The next meeting (YYYY-MM-DD): today or later, within two years; null clears it.")]
        public DateOnly? NextMeetingOn
        {
            get => _nextMeetingOn;
            init
            {
                _nextMeetingOn = value;
                ChangesNextMeeting = true;
            }
        }

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
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, SteeringGroupResponse>
    {
        private const string Update = """
            UPDATE steering_groups
            SET name = COALESCE(@Name, name),
                next_meeting_on = CASE WHEN @ChangesNextMeeting = 1 THEN @NextMeetingOn ELSE next_meeting_on END
            WHERE id = @Id;

            SELECT id, name, next_meeting_on FROM steering_groups WHERE id = @Id;
            """;

        public async ValueTask<SteeringGroupResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var associationId = await AdminAccess.SteeringGroupAsync(session, callerContext.Caller, command.Id, cancellationToken);
            var before = await session.QuerySingleAsync<SteeringGroupResponse>(
                "SELECT id, name, next_meeting_on FROM steering_groups WHERE id = @Id", new { command.Id }, cancellationToken);

            try
            {
                var after = await session.QuerySingleAsync<SteeringGroupResponse>(Update,
                    new { command.Id, command.Name, command.NextMeetingOn, ChangesNextMeeting = command.ChangesNextMeeting ? 1 : 0 },
                    cancellationToken);
                if (after != before)
                {
                    await AuditLog.RecordAsync(session, callerContext.Caller, associationId, "steering-group.updated", "steering-group", command.Id.ToString(),
                        before, after, time.GetUtcNow(), cancellationToken);
                }

                return after;
            }
            catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw SteeringGroupResponse.NameTaken(command.Name!);
            }
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPatch("/steering-groups/{id:guid}", Endpoint)
            .WithName("UpdateSteeringGroup")
            .WithSummary("Rename a steering group or set its next meeting")
            .WithDescription("A JSON merge patch: a field left out stays as it is; \"nextMeetingOn\": null clears the date.")
            .Accepts<Command>("application/json", "application/merge-patch+json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Ok<SteeringGroupResponse>> Endpoint(Guid id, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with { Id = id, Name = command.Name?.Trim() }, cancellationToken));
}
