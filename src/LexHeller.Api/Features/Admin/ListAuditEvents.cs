using System.Text.Json.Nodes;

namespace LexHeller.Api.Features.Admin;

/// <summary>An association's audit log, newest first, a page at a time: every administrative change, who made it, before and after.</summary>
public static class ListAuditEvents
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public sealed record Query(string AssociationCode, int? Limit, Guid? Before) : IQuery<Response>;

    public sealed record AuditEvent(
        Guid Id,
        DateTimeOffset OccurredAt,
        [property: Description("Who made the change (a user's e-mail address, or 'system' names such as 'apply').")] string Actor,
        [property: Description("What was done, e.g. 'area.created', 'member.updated'.")] string Action,
        string EntityType,
        string EntityId,
        [property: Description("The thing before the change (null when it was created), with the API's field names.")] JsonNode? Before,
        [property: Description("The thing after the change (null when it was removed).")] JsonNode? After);

    public sealed record Response(
        IReadOnlyList<AuditEvent> Events,
        [property: Description("Pass as 'before' for the next (older) page; null on the last page.")] Guid? NextBefore);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);
            var take = query.Limit ?? DefaultLimit;
            var sql = $"""
                SELECT id, occurred_at, actor, action, entity_type, entity_id, before_data, after_data
                FROM audit_events e
                WHERE association_id = @AssociationId
                  AND (@Before IS NULL OR EXISTS (
                        SELECT 1 FROM audit_events b WHERE b.id = @Before AND b.association_id = @AssociationId
                          AND (e.occurred_at < b.occurred_at OR (e.occurred_at = b.occurred_at AND e.id < b.id))))
                ORDER BY occurred_at DESC, id DESC
                {session.Dialect.TakeRows}
                """;
            var rows = (await session.QueryAsync<Row>(sql,
                new { AssociationId = association.Id, query.Before, Take = take + 1 }, cancellationToken)).ToList();
            var page = rows.Take(take).Select(row => new AuditEvent(row.Id, row.OccurredAt, row.Actor, row.Action, row.EntityType, row.EntityId,
                row.BeforeData is null ? null : JsonNode.Parse(row.BeforeData), row.AfterData is null ? null : JsonNode.Parse(row.AfterData))).ToList();
            return new Response(page, rows.Count > take ? page[^1].Id : null);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/audit-events", Endpoint)
            .WithName("ListAuditEvents")
            .WithSummary("An association's audit log")
            .WithDescription("Every administrative change, newest first: who, when, what, and the thing before and after. "
                + "At most 'limit' events (1–500, default 50); pass the answer's 'nextBefore' as 'before' for the older ones.")
            .ProducesValidationProblem();

    public static async Task<Ok<Response>> Endpoint(string code, int? limit, Guid? before, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code, limit, before), cancellationToken));

    private sealed class Row
    {
        public Guid Id { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public string Actor { get; init; } = "";
        public string Action { get; init; } = "";
        public string EntityType { get; init; } = "";
        public string EntityId { get; init; } = "";
        public string? BeforeData { get; init; }
        public string? AfterData { get; init; }
    }
}
