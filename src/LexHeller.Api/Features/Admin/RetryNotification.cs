namespace LexHeller.Api.Features.Admin;

/// <summary>
/// Sends a dead letter back to the queue, due at once (after the cause, say a refused address, is fixed).
/// It gets one more attempt: its failed attempts are kept, so failing again makes it dead again.
/// A message that is not dead is 409.
/// </summary>
public static class RetryNotification
{
    public sealed record Command(Guid Id) : ICommand;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time, ILogger<Handler> logger) : ICommandHandler<Command>
    {
        private const string Revive = """
            UPDATE outbox_messages SET dead_at = NULL, next_attempt_at = @Now, lease_until = NULL
            WHERE id = @Id AND dead_at IS NOT NULL AND sent_at IS NULL AND cancelled_at IS NULL
            """;

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var associationId = await AdminAccess.NotificationAsync(session, callerContext.Caller, command.Id, cancellationToken);

            var now = time.GetUtcNow();
            var revived = await session.ExecuteAsync(Revive, new { command.Id, Now = now },
                cancellationToken);
            if (revived == 0)
                throw new ConflictException("The notification is not a dead letter", $"Notification '{command.Id}' is queued, sent or cancelled: only a dead one can be retried.");

            await AuditLog.RecordAsync(session, callerContext.Caller, associationId, "notification.retried", "notification", command.Id.ToString(),
                new { id = command.Id, dead = true }, new { id = command.Id, dead = false, nextAttemptAt = now }, now, cancellationToken);
            logger.LogInformation("Dead outbox message {OutboxId} sent back to the queue by {Admin}", command.Id, callerContext.Caller.UserKey);
            return Unit.Value;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/notifications/{id:guid}/retry", Endpoint)
            .WithName("RetryNotification")
            .WithSummary("Send a dead notification again")
            .WithDescription("The notification is queued again, due at once, for one more attempt: failing again makes it dead again. "
                + "409 when it is not dead (queued, sent or cancelled).")
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<NoContent> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new Command(id), cancellationToken);
        return TypedResults.NoContent();
    }
}
