namespace LexHeller.Api.Features.Admin;

/// <summary>
/// Deletes a routing rule, except the association's last default rule (no criteria, a queue as
/// target): without one, a report that no other rule claims would be left without a queue.
/// </summary>
public static class DeleteRoutingRule
{
    public sealed record Command(Guid Id) : ICommand;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command>
    {
        // One statement, after the lock on the association's routing rules (TransactionLocks): two administrators
        // deleting the last two default rules at once cannot both see the other one still there. Under
        // READ_COMMITTED_SNAPSHOT the statement alone would not do: its NOT EXISTS reads the other rule as last
        // committed, not as the other transaction is deleting it.
        private const string Delete = """
            DELETE FROM routing_rules
            WHERE id = @Id
              AND NOT (queue_id IS NOT NULL AND area_id IS NULL AND party_kind IS NULL AND category IS NULL
                AND NOT EXISTS (
                    SELECT 1 FROM routing_rules other
                    WHERE other.association_id = @AssociationId AND other.id <> @Id
                      AND other.queue_id IS NOT NULL AND other.area_id IS NULL AND other.party_kind IS NULL AND other.category IS NULL))
            """;

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var associationId = await AdminAccess.RoutingRuleAsync(session, callerContext.Caller, command.Id, cancellationToken);
            await TransactionLocks.ResourceAsync(session, $"routing-rules:{associationId:N}", cancellationToken);
            var before = await session.QuerySingleAsync<RoutingRuleAudit>("""
                SELECT r.id, a.code AS area_code, r.party_kind, r.category, r.queue_id, f.code AS forward_to_association_code, r.priority, r.description
                FROM routing_rules r
                LEFT JOIN areas a ON a.id = r.area_id
                LEFT JOIN associations f ON f.id = r.forward_to_association_id
                WHERE r.id = @Id
                """, new { command.Id }, cancellationToken);

            var deleted = await session.ExecuteAsync(Delete, new { command.Id, AssociationId = associationId },
                cancellationToken);
            if (deleted == 0)
            {
                throw new ConflictException("The association's last default rule",
                    "This is the association's only rule without criteria that sends reports to a queue: every association keeps a default queue. Add another default rule first.");
            }

            await AuditLog.RecordAsync(session, callerContext.Caller, associationId, "routing-rule.deleted", "routing-rule", command.Id.ToString(),
                before, null, time.GetUtcNow(), cancellationToken);

            return Unit.Value;
        }
    }

    /// <summary>The deleted rule as the audit log keeps it, with the API's field names.</summary>
    private sealed class RoutingRuleAudit
    {
        public Guid Id { get; init; }
        public string? AreaCode { get; init; }
        public string? PartyKind { get; init; }
        public string? Category { get; init; }
        public Guid? QueueId { get; init; }
        public string? ForwardToAssociationCode { get; init; }
        public int Priority { get; init; }
        public string Description { get; init; } = "";
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapDelete("/routing-rules/{id:guid}", Endpoint)
            .WithName("DeleteRoutingRule")
            .WithSummary("Remove a routing rule")
            .WithDescription("409 for the association's last rule without criteria that targets a queue: every association keeps a default queue.")
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<NoContent> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new Command(id), cancellationToken);
        return TypedResults.NoContent();
    }
}
