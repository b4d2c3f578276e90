using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// The report's event log: who did what, when, from which state to which, and why. A user who acted is named by
/// the name they signed in with (<see cref="UserDisplayNames"/>) besides their key.
/// </summary>
public static class GetHistory
{
    public sealed record Query(Guid ReportId) : IQuery<Response>;

    public sealed record Event(
        int Sequence,
        DateTimeOffset At,
        string Type,
        [property: Description("Who acted: a user's key (their e-mail), or 'reporter', 'anonymous', 'system:…', 'party:…', 'api-client:…'.")] string Actor,
        ReportStatus? From,
        ReportStatus? To,
        string? Reason,
        JsonElement? Data,
        [property: Description("The acting user's name as their identity provider gave it at sign-in; null for anyone else, or a user who never brought one.")] string? ActorName = null);

    public sealed record Response(Guid ReportId, string Reference, IReadOnlyList<Event> Events);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private static readonly string Sql = $"""
            SELECT e.sequence, e.occurred_at, e.event_type, e.actor, e.from_status, e.to_status, e.reason, e.data,
                   {UserDisplayNames.NameOf("e.actor")} AS actor_name
            FROM report_events e WHERE e.report_id = @Id ORDER BY e.sequence
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var report = await ReportTransitions.LoadAsync(session, query.ReportId, cancellationToken);
            await ReportAccess.EnsureCanReadAsync(session, callerContext.Caller, report.AssociationId, report.QueueId, cancellationToken);

            var rows = await session.QueryAsync<Row>(Sql, new { Id = report.Id }, cancellationToken);
            return new Response(report.Id, report.Reference, [.. rows.Select(row => new Event(
                row.Sequence, row.OccurredAt, row.EventType, row.Actor,
                row.FromStatus is null ? null : Codes.Parse<ReportStatus>(row.FromStatus),
                row.ToStatus is null ? null : Codes.Parse<ReportStatus>(row.ToStatus),
                row.Reason,
                row.Data is null ? null : JsonDocument.Parse(row.Data).RootElement.Clone(),
                row.ActorName))]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapGet("/history", Endpoint)
            .WithName("GetReportHistory")
            .WithSummary("The report's event log")
            .WithDescription("Every event in order: who, when, from which state to which, the written reason and the event's data.");

    public static async Task<Ok<Response>> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id), cancellationToken));

    private sealed class Row
    {
        public int Sequence { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public string EventType { get; init; } = "";
        public string Actor { get; init; } = "";
        public string? FromStatus { get; init; }
        public string? ToStatus { get; init; }
        public string? Reason { get; init; }
        public string? Data { get; init; }
        public string? ActorName { get; init; }
    }
}
