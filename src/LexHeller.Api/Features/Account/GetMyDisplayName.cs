namespace LexHeller.Api.Features.Account;

/// <summary>
/// The signed-in user's display name, as their identity provider last gave it (<see cref="UserDisplayNames"/>): the
/// forms start from it (a party's answer names who answered). No endpoint: the pages ask. Null for anyone not signed
/// in, and for a user who never brought a name claim.
/// </summary>
public static class GetMyDisplayName
{
    public sealed record Query : IQuery<Response>;

    public sealed record Response(string? DisplayName);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken) =>
            new(callerContext.Caller is { Kind: CallerKind.User, UserKey: { } userKey }
                ? await UserDisplayNames.FindAsync(session, userKey, cancellationToken)
                : null);
    }
}
