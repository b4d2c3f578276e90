namespace LexHeller.Api.Features.Reports;

/// <summary>
/// The parties a signed-in reporter may file as (<see cref="IntakeChannel.AuthorizeAsync"/>): the report
/// form offers only these, and only the associations they belong to. No endpoint: the page asks.
/// </summary>
public static class GetReporterParties
{
    public sealed record Query : IQuery<Response>;

    /// <param name="PartyIds">The parties the caller files as (empty for a signed-in user who reports for none); null when nobody is signed in.</param>
    public sealed record Response(IReadOnlySet<Guid>? PartyIds);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            return caller.Kind == CallerKind.User
                ? new Response(await IntakeChannel.PartiesActedForAsync(session, caller, cancellationToken))
                : new Response(null);
        }
    }
}
