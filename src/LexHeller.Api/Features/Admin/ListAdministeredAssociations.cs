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
        private const string Sql = "SELECT id, code, name FROM associations ORDER BY name COLLATE Finnish_Swedish_100_CI_AS";

        // The layout asks on every page: one read of the caller's grants (as AdminAccess decides), one of the associations.
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var administered = (await MemberGrants.LoadAsync(session, callerContext.Caller, cancellationToken)).AssociationsWhere(Roles.Admin);
            if (administered.Count == 0)
                return new Response([]);

            var associations = await session.QueryAsync<AdminAssociation>(Sql, null, cancellationToken);
            return new Response([.. associations.Where(association => administered.Contains(association.Id))
                .Select(association => new Association(association.Code, association.Name))]);
        }
    }
}
