namespace LexHeller.Api.Features.Admin;

/// <summary>An association's queues, each with the steering group that owns it: the targets routing rules may name.</summary>
public static class ListQueues
{
    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record SteeringGroup(Guid Id, string Name);

    public sealed record Queue(Guid Id, string Name, SteeringGroup SteeringGroup, DateTimeOffset CreatedAt);

    public sealed record Response(string AssociationCode, string AssociationName, IReadOnlyList<Queue> Queues);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT q.id, q.name, q.created_at, g.id AS steering_group_id, g.name AS steering_group_name
            FROM queues q
            JOIN steering_groups g ON g.id = q.steering_group_id
            WHERE q.association_id = @AssociationId
            ORDER BY q.name COLLATE Finnish_Swedish_100_CI_AS
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);

            var rows = await session.QueryAsync<Row>(
                Sql, new { AssociationId = association.Id }, cancellationToken);

            return new Response(association.Code, association.Name,
                [.. rows.Select(row => new Queue(row.Id, row.Name, new SteeringGroup(row.SteeringGroupId, row.SteeringGroupName), row.CreatedAt))]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/queues", Endpoint)
            .WithName("ListQueues")
            .WithSummary("An association's queues")
            .WithDescription("Each queue with the steering group that owns it.");

    public static async Task<Ok<Response>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public Guid SteeringGroupId { get; init; }
        public string SteeringGroupName { get; init; } = "";
    }
}
