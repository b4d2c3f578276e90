using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>A new queue owned by a steering group; routing rules then send reports to it.</summary>
public static class CreateQueue
{
    [Description("A queue of the steering group's association.")]
    public sealed record Command([property: Required, Description("Unique within the association (at most 200 characters).")] string? Name)
        : ICommand<Response>, IHaveFreeText
    {
        [JsonIgnore]
        public Guid SteeringGroupId { get; init; }

        /// <summary>The name is shown to triagers and in the history of every report moved to the queue.</summary>
        public IEnumerable<(string Field, string? Text)> FreeText() => [("name", Name)];
    }

    public sealed record Response(Guid Id, Guid SteeringGroupId, string Name);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Name).DisplayName();
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, Response>
    {
        private const string Insert = """
            INSERT INTO queues (id, association_id, steering_group_id, name, created_at)
            VALUES (@Id, @AssociationId, @SteeringGroupId, @Name, @Now)
            """;

        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var associationId = await AdminAccess.SteeringGroupAsync(session, callerContext.Caller, command.SteeringGroupId, cancellationToken);

            var now = time.GetUtcNow();
            var id = Guid.CreateVersion7(now);
            try
            {
                await session.ExecuteAsync(Insert,
                    new { Id = id, AssociationId = associationId, command.SteeringGroupId, command.Name, Now = now },
                    cancellationToken);
            }
            catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw new ConflictException("Name taken", $"The association already has a queue named '{command.Name}'.");
            }

            var queue = new Response(id, command.SteeringGroupId, command.Name!);
            await AuditLog.RecordAsync(session, callerContext.Caller, associationId, "queue.created", "queue", id.ToString(), null, queue, now, cancellationToken);
            return queue;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/steering-groups/{id:guid}/queues", Endpoint)
            .WithName("CreateQueue")
            .WithSummary("New queue owned by a steering group")
            .WithDescription("The name is unique within the association (409 otherwise). Routing rules then send reports to it.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Created<Response>> Endpoint(Guid id, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken)
    {
        var queue = await mediator.Send(command with { SteeringGroupId = id, Name = command.Name?.Trim() }, cancellationToken);
        return TypedResults.Created((string?)null, queue);
    }
}
