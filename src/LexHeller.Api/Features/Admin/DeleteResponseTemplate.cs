namespace LexHeller.Api.Features.Admin;

/// <summary>Removes a response template: nothing refers to one (a text started from it is the sender's own).</summary>
public static class DeleteResponseTemplate
{
    public sealed record Command(Guid Id) : ICommand;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command>
    {
        private const string Association = "SELECT association_id FROM response_templates WHERE id = @Id";

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await AdminAccess.OfAsync(session, callerContext.Caller, Association, command.Id, $"Response template '{command.Id}'", cancellationToken);
            var found = await ResponseTemplates.FindAsync(session, command.Id, cancellationToken)
                ?? throw new NotFoundException($"Response template '{command.Id}'");

            await session.ExecuteAsync("DELETE FROM response_templates WHERE id = @Id", new { command.Id }, cancellationToken);
            await AuditLog.RecordAsync(session, callerContext.Caller, found.AssociationId, "response-template.deleted", "response-template",
                command.Id.ToString(), found.Template, null, time.GetUtcNow(), cancellationToken);
            return Unit.Value;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapDelete("/response-templates/{id:guid}", Endpoint)
            .WithName("DeleteResponseTemplate")
            .WithSummary("Remove a response template");

    public static async Task<NoContent> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new Command(id), cancellationToken);
        return TypedResults.NoContent();
    }
}
