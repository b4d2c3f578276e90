namespace LexHeller.Api.Features.Reports;

/// <summary>
/// The parties a signed-in reporter may file as (<see cref="IntakeChannel.AuthorizeAsync"/>): the report
/// form offers only these, and only the associations they belong to. No endpoint: the page asks.
/// </summary>
public static class GetReporterParties
{
    public sealed record Query : IQuery<Response>;

    /// <param name="PartyIds">The parties the caller files as; null when the caller is not a signed-in reporter (reports without sign-in, or none).</param>
    public sealed record Response(IReadOnlySet<Guid>? PartyIds);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            return caller.Kind == CallerKind.User && caller.IsInRole(Roles.Reporter)
                ? new Response(await IntakeChannel.PartiesActedForAsync(session, caller, cancellationToken))
                : new Response(null);
        }
    }
}
