using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Privacy;

/// <summary>
/// Who opened the reporter's contact of a report, when and why, and when it was purged: for the
/// steering group that handles the report, who answers to the reporter for it. Reading the log opens nothing.
/// </summary>
public static class GetContactAccessLog
{
    public sealed record Query(Guid ReportId) : IQuery<Response>;

    public sealed record Entry(DateTimeOffset At, string Action, string Actor, string Purpose);

    public sealed record Response(Guid ReportId, string Reference, IReadOnlyList<Entry> Entries);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT occurred_at AS at, action, actor, purpose
            FROM reporter_contact_access WHERE report_id = @Id
            ORDER BY occurred_at, id
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var report = await ReportTransitions.LoadAsync(session, query.ReportId, cancellationToken);
            await ReportAccess.EnsureCanReadAsync(session, callerContext.Caller, report.AssociationId, report.QueueId, cancellationToken);

            var rows = await session.QueryAsync<Row>(Sql, new { Id = report.Id },
                cancellationToken);
            return new Response(report.Id, report.Reference, [.. rows.Select(row => new Entry(row.At, row.Action, row.Actor, row.Purpose))]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapGet("/reporter-contact/access-log", Endpoint)
            .WithName("GetReporterContactAccessLog")
            .WithSummary("Who opened the reporter's contact, and its purge")
            .WithDescription("Every opening of the sealed contact (action read: the reader, and the purpose triage, referral or notification) and its purge "
                + "by retention (action purged), oldest first. Reading this log opens nothing.");

    public static async Task<Ok<Response>> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id), cancellationToken));

    private sealed class Row
    {
        public DateTimeOffset At { get; init; }
        public string Action { get; init; } = "";
        public string Actor { get; init; } = "";
        public string Purpose { get; init; } = "";
    }
}
