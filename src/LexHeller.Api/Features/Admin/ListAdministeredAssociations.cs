namespace LexHeller.Api.Features.Admin;

/// <summary>
/// The associations the caller administers: where <see cref="AdminAccess"/> lets them act. The start of
/// the administration pages (<c>/admin</c>); the API names the association in every address instead.
/// </summary>
public static class ListAdministeredAssociations
{
    public sealed record Query : IQuery<Response>;

    public sealed record Association(string Code, string Name);

    public sealed record Response(IReadOnlyList<Association> Associations);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        // The associations the user has anything to do with; AdminAccess decides in which of them they administer.
        private const string Candidates = """
            SELECT code FROM associations
            WHERE id IN (SELECT association_id FROM association_members WHERE user_key = @UserKey)
               OR id IN (SELECT association_id FROM member_roles WHERE user_key = @UserKey)
            ORDER BY name
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            if (caller.UserKey is null)
                return new Response([]);

            var administered = new List<Association>();
            foreach (var code in await session.QueryAsync<string>(Candidates, new { caller.UserKey }, cancellationToken))
            {
                try
                {
                    var association = await AdminAccess.AssociationAsync(session, caller, code, cancellationToken);
                    administered.Add(new Association(association.Code, association.Name));
                }
                catch (ForbiddenException)
                {
                    // A member there, but not its administrator.
                }
            }

            return new Response(administered);
        }
    }
}
