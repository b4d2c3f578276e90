namespace LexHeller.Api.Features.AggregateAccess;

/// <summary>
/// The associations whose patterns and statistics the caller may read, by name: the Statistik page
/// offers them to choose from when there are several. Not an API operation (the API names the
/// association, or leaves it out when the caller has one).
/// </summary>
public static class ListReadableAssociations
{
    public sealed record Query : IQuery<IReadOnlyList<InsightScope>>;

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, IReadOnlyList<InsightScope>>
    {
        public async ValueTask<IReadOnlyList<InsightScope>> Handle(Query query, CancellationToken cancellationToken) =>
            await InsightAccess.ListAsync(session, callerContext.Caller, cancellationToken);
    }
}
