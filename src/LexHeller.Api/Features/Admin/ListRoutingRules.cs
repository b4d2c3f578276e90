namespace LexHeller.Api.Features.Admin;

/// <summary>
/// An association's routing rules in the order routing weighs them (<see cref="Router.Choose"/>): the
/// most specific first, then the lowest priority number, then the id. The first that matches a report decides.
/// </summary>
public static class ListRoutingRules
{
    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record CodeAndName(string Code, string Name);

    public sealed record QueueReference(Guid Id, string Name);

    public sealed record Rule(
        Guid Id,
        CodeAndName? Area,
        PartyKind? PartyKind,
        string? Category,
        QueueReference? Queue,
        CodeAndName? ForwardTo,
        [property: Description("Among equally specific rules the lowest number wins.")] int Priority,
        [property: Description("How many criteria (area, party kind, category) the rule names: the more, the earlier it is weighed.")] int Specificity,
        [property: Description("No criteria and a queue as target: the rule that takes what no other rule claims. The last one cannot be deleted.")] bool IsDefault,
        string Description,
        DateTimeOffset CreatedAt);

    public sealed record Response(string AssociationCode, string AssociationName, IReadOnlyList<Rule> Rules);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT r.id, r.area_id, a.code AS area_code, a.name AS area_name, r.party_kind, r.category,
                   r.queue_id, q.name AS queue_name, r.forward_to_association_id, f.code AS forward_to_code, f.name AS forward_to_name,
                   r.priority, r.description, r.created_at
            FROM routing_rules r
            LEFT JOIN areas a ON a.id = r.area_id
            LEFT JOIN queues q ON q.id = r.queue_id
            LEFT JOIN associations f ON f.id = r.forward_to_association_id
            WHERE r.association_id = @AssociationId
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);

            var rules = await InWeighingOrderAsync(session, association.Id, cancellationToken);
            return new Response(association.Code, association.Name, [.. rules.Select(rule => rule.Listed)]);
        }

        /// <summary>The association's rules as listed and as routing weighs them (<see cref="RoutingRule"/>), in routing's order.</summary>
        internal static async Task<IReadOnlyList<(Rule Listed, RoutingRule Weighed)>> InWeighingOrderAsync(
            DbSession session, Guid associationId, CancellationToken cancellationToken)
        {
            var rows = await session.QueryAsync<Row>(
                Sql, new { AssociationId = associationId }, cancellationToken);

            return [.. rows.Select(row => (Row: row, Rule: row.ToRoutingRule()))
                .OrderByDescending(rule => rule.Rule.Specificity)
                .ThenBy(rule => rule.Rule.Priority)
                .ThenBy(rule => rule.Rule.Id)
                .Select(rule => (rule.Row.ToResponse(rule.Rule), rule.Rule))];
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/routing-rules", Endpoint)
            .WithName("ListRoutingRules")
            .WithSummary("An association's routing rules, in the order routing weighs them")
            .WithDescription("Most specific first, then the lowest priority number: the first rule that matches a new report decides.");

    public static async Task<Ok<Response>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid? AreaId { get; init; }
        public string? AreaCode { get; init; }
        public string? AreaName { get; init; }
        public string? PartyKind { get; init; }
        public string? Category { get; init; }
        public Guid? QueueId { get; init; }
        public string? QueueName { get; init; }
        public Guid? ForwardToAssociationId { get; init; }
        public string? ForwardToCode { get; init; }
        public string? ForwardToName { get; init; }
        public int Priority { get; init; }
        public string Description { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }

        public RoutingRule ToRoutingRule() => new(Id, AreaId,
            PartyKind is null ? null : Codes.Parse<PartyKind>(PartyKind), Category, QueueId, ForwardToAssociationId, Priority);

        public Rule ToResponse(RoutingRule rule) => new(
            Id,
            AreaCode is null ? null : new CodeAndName(AreaCode, AreaName!),
            rule.PartyKind,
            Category,
            QueueId is { } queueId ? new QueueReference(queueId, QueueName!) : null,
            ForwardToCode is null ? null : new CodeAndName(ForwardToCode, ForwardToName!),
            Priority,
            rule.Specificity,
            rule.Specificity == 0 && rule.QueueId is not null,
            Description,
            CreatedAt);
    }
}
