namespace LexHeller.Api.Features.Admin;

/// <summary>A party's contact persons: its members who hold the responder role in the party's association.</summary>
public static class ListPartyContacts
{
    public sealed record Query(Guid PartyId) : IQuery<Response>;

    public sealed record Contact([property: Description("The contact person's e-mail address (their user key).")] string Email);

    public sealed record Response(PartyResponse Party, IReadOnlyList<Contact> Contacts);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Sql = ContactsOfParty;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await AdminAccess.PartyAsync(session, callerContext.Caller, query.PartyId, cancellationToken);
            var party = await PartyResponse.FindAsync(session, query.PartyId, cancellationToken) ?? throw new NotFoundException($"Party '{query.PartyId}'");
            var contacts = await session.QueryAsync<string>(Sql, new { query.PartyId }, cancellationToken);
            return new Response(party, [.. contacts.Select(email => new Contact(email))]);
        }
    }

    /// <summary>The user keys of a party's contact persons (<c>@PartyId</c>), in order: what this lists and whom its referral mail goes to.</summary>
    public const string ContactsOfParty = """
            SELECT pm.user_key
            FROM party_members pm
            JOIN parties p ON p.id = pm.party_id
            WHERE pm.party_id = @PartyId
              AND EXISTS (SELECT 1 FROM member_roles r
                          WHERE r.association_id = p.association_id AND r.user_key = pm.user_key AND r.role = 'responder')
            ORDER BY pm.user_key
            """;

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/parties/{id:guid}/contacts", Endpoint)
            .WithName("ListPartyContacts")
            .WithSummary("A party's contact persons")
            .WithDescription("The party's members who hold the responder role: they receive and answer the referrals to the party.");

    public static async Task<Ok<Response>> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id), cancellationToken));
}
