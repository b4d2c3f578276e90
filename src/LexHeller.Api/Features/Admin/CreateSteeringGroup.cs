using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>A new steering group of an association; members and queues are added to it afterwards.</summary>
public static class CreateSteeringGroup
{
    [Description("A steering group (styrgrupp, LSG, beredningsgrupp) that will own queues and triage their reports.")]
    public sealed record Command(
        [property: Required, Description("Unique within the association (at most 200 characters).")] string? Name,
        [property: Description("The group's next meeting (YYYY-MM-DD): today or later, within two years.")] DateOnly? NextMeetingOn = null)
        : ICommand<SteeringGroupResponse>, IHaveFreeText
    {
        [JsonIgnore]
        public string AssociationCode { get; init; } = "";

        /// <summary>The name is shown to the group's members and in every history that names the group.</summary>
        public IEnumerable<(string Field, string? Text)> FreeText() => [("name", Name)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Name).DisplayName();
            RuleFor(c => c.NextMeetingOn).NextMeeting(time);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, SteeringGroupResponse>
    {
        private const string Insert = """
            INSERT INTO steering_groups (id, association_id, name, next_meeting_on) VALUES (@Id, @AssociationId, @Name, @NextMeetingOn)
            """;

        public async ValueTask<SteeringGroupResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, command.AssociationCode, cancellationToken);

            var now = time.GetUtcNow();
            var id = Guid.CreateVersion7(now);
            try
            {
                await session.ExecuteAsync(Insert,
                    new { Id = id, AssociationId = association.Id, command.Name, command.NextMeetingOn },
                    cancellationToken);
            }
            catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw SteeringGroupResponse.NameTaken(command.Name!);
            }

            var group = new SteeringGroupResponse(id, command.Name!, command.NextMeetingOn);
            await AuditLog.RecordAsync(session, callerContext.Caller, association.Id, "steering-group.created", "steering-group", id.ToString(),
                null, group, now, cancellationToken);
            return group;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/associations/{code}/steering-groups", Endpoint)
            .WithName("CreateSteeringGroup")
            .WithSummary("New steering group of an association")
            .WithDescription("The name is unique within the association (409 otherwise). Members and queues are added afterwards.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Created<SteeringGroupResponse>> Endpoint(string code, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken)
    {
        var group = await mediator.Send(command with { AssociationCode = code, Name = command.Name?.Trim() }, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/steering-groups/{group.Id}", group);
    }
}

/// <summary>A steering group as it is after a change.</summary>
public sealed record SteeringGroupResponse(Guid Id, string Name, DateOnly? NextMeetingOn)
{
    public static ConflictException NameTaken(string name) =>
        new("Name taken", $"The association already has a steering group named '{name}'.");
}
