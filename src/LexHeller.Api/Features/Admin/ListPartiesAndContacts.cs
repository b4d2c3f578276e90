namespace LexHeller.Api.Features.Admin;

/// <summary>
/// An association's parties, each with its contact persons (<c>party_members</c>, by e-mail): who receives
/// and answers the referrals to it. What the administration page for contact persons shows.
/// </summary>
public static class ListPartiesAndContacts
{
    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record Party(Guid Id, PartyKind Kind, string Name, string? Unit, IReadOnlyList<string> Contacts, string? ManagerEmail = null);

    public sealed record Response(string AssociationCode, string AssociationName, IReadOnlyList<Party> Parties);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT id, kind, name, unit, manager_email FROM parties WHERE association_id = @AssociationId ORDER BY name COLLATE Finnish_Swedish_100_CI_AS, unit COLLATE Finnish_Swedish_100_CI_AS;

            SELECT m.party_id, m.user_key
            FROM party_members m
            JOIN parties p ON p.id = m.party_id
            WHERE p.association_id = @AssociationId
            ORDER BY m.user_key;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);

            await using var results = await session.QueryMultipleAsync(
                Sql, new { AssociationId = association.Id }, cancellationToken);
            var parties = await results.ReadAsync<PartyRow>();
            var contacts = (await results.ReadAsync<ContactRow>()).ToLookup(contact => contact.PartyId, contact => contact.UserKey);

            return new Response(association.Code, association.Name,
                [.. parties.Select(party => new Party(party.Id, Codes.Parse<PartyKind>(party.Kind), party.Name, party.Unit, [.. contacts[party.Id]], party.ManagerEmail))]);
        }
    }

    private sealed class PartyRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Unit { get; init; }
        public string? ManagerEmail { get; init; }
    }

    private sealed class ContactRow
    {
        public Guid PartyId { get; init; }
        public string UserKey { get; init; } = "";
    }
}
