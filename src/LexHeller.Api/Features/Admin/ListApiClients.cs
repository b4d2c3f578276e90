namespace LexHeller.Api.Features.Admin;

/// <summary>An association's API keys: what each is for, whose it is, when it was last used, whether it is revoked. Never the key.</summary>
public static class ListApiClients
{
    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record PartyReference(Guid Id, string Name);

    public sealed record ApiClient(
        Guid Id,
        string Name,
        PartyReference Party,
        DateTimeOffset CreatedAt,
        DateTimeOffset? LastUsedAt,
        DateTimeOffset? RevokedAt);

    public sealed record Response(string AssociationCode, IReadOnlyList<ApiClient> ApiClients);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT c.id, c.name, c.created_at, c.last_used_at, c.revoked_at, p.id AS party_id, p.name AS party_name
            FROM api_clients c
            JOIN parties p ON p.id = c.party_id
            WHERE c.association_id = @AssociationId
            ORDER BY c.created_at DESC, c.id
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);

            var rows = await session.QueryAsync<Row>(
                Sql, new { AssociationId = association.Id }, cancellationToken);
            return new Response(association.Code, [.. rows.Select(row => new ApiClient(
                row.Id, row.Name, new PartyReference(row.PartyId, row.PartyName), row.CreatedAt, row.LastUsedAt, row.RevokedAt))]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/api-clients", Endpoint)
            .WithName("ListApiClients")
            .WithSummary("An association's API keys")
            .WithDescription("Each key's name, party, creation, last use (to the minute) and revocation. The keys themselves are never shown again.");

    public static async Task<Ok<Response>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? LastUsedAt { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
        public Guid PartyId { get; init; }
        public string PartyName { get; init; } = "";
    }
}
