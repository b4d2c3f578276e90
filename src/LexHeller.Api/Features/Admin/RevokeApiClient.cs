namespace LexHeller.Api.Features.Admin;

/// <summary>
/// Revokes an API key. Every request reads the key's row, so the key stops working with the next
/// request. Revoking a revoked key changes nothing (204 again); the key stays listed, revoked.
/// </summary>
public static class RevokeApiClient
{
    public sealed record Command(Guid Id) : ICommand;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time, ILogger<Handler> logger) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var associationId = await AdminAccess.ApiClientAsync(session, callerContext.Caller, command.Id, cancellationToken);

            var now = time.GetUtcNow();
            if (await ApiClients.RevokeAsync(session, command.Id, now, cancellationToken))
            {
                await AuditLog.RecordAsync(session, callerContext.Caller, associationId, "api-client.revoked", "api-client", command.Id.ToString(),
                    new { id = command.Id, revokedAt = (DateTimeOffset?)null }, new { id = command.Id, revokedAt = now }, now, cancellationToken);
                logger.LogInformation("API key {ApiClientId} revoked by {Admin}", command.Id, callerContext.Caller.UserKey);
            }

            return Unit.Value;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapDelete("/api-clients/{id:guid}", Endpoint)
            .WithName("RevokeApiClient")
            .WithSummary("Revoke an API key")
            .WithDescription("The key stops working with the next request. Idempotent: revoking a revoked key answers 204 again.");

    public static async Task<NoContent> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new Command(id), cancellationToken);
        return TypedResults.NoContent();
    }
}
