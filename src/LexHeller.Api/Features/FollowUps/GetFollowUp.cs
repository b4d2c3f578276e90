using LexHeller.Api.Features.AggregateAccess;
using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.FollowUps;

/// <summary>
/// One structural follow-up with its event log. Triagers of the association see the linked reports in
/// the queues they may read (the count is of every linked report); analysts see how many there are (a
/// small number suppressed) and the log without report names.
/// </summary>
public static class GetFollowUp
{
    public sealed record Query(Guid Id) : IQuery<FollowUpResponse>;

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, FollowUpResponse>
    {
        public async ValueTask<FollowUpResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var followUp = await FollowUpStore.LoadAsync(session, query.Id, cancellationToken);
            var scope = await InsightAccess.ResolveAsync(session, callerContext.Caller, followUp.AssociationCode, cancellationToken);
            var reports = scope.SeesReports ? await ReportAccess.ReadableAsync(session, callerContext.Caller, followUp.AssociationId, cancellationToken) : null;
            return await FollowUpView.ReadAsync(session, followUp, reports, scope.SuppressionThreshold, cancellationToken);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder followUps) =>
        followUps.MapGet("/{id:guid}", Endpoint)
            .WithName("GetFollowUp")
            .WithSummary("A structural follow-up with its linked reports and event log")
            .WithDescription("Triagers and analysts of the association; triagers see the linked reports, analysts a count. The ETag header carries the version.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Ok<FollowUpResponse>> Endpoint(Guid id, IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var followUp = await mediator.Send(new Query(id), cancellationToken);
        httpContext.Response.Headers.ETag = Versioning.ETag(followUp.Version);
        return TypedResults.Ok(followUp);
    }
}

[Description("A report linked to a follow-up.")]
public sealed record LinkedReport(Guid Id, string Reference, DateOnly EventDate, ReportStatus Status, DateTimeOffset LinkedAt);

[Description("One entry of a follow-up's append-only log: created, changed (fields with their old and new values), status-changed, reports-linked.")]
public sealed record FollowUpEvent(int Sequence, DateTimeOffset OccurredAt, string Type, string Actor, JsonElement? Data);

[Description("A structural follow-up: what a steering group decided to do about a recurring failure, and what came of it.")]
public sealed record FollowUpResponse(
    Guid Id,
    string AssociationCode,
    string Title,
    [property: Description("The steering group that owns the follow-up; its members may change it.")] Guid OwnerGroupId,
    string OwnerGroupName,
    string? Decision,
    FollowUpStatus Status,
    [property: Description("What came of it; required once the status is done.")] string? Outcome,
    DateOnly? DueOn,
    [property: Description("The pattern it was made from (see GET /api/v1/patterns), if any.")] string? PatternKey,
    string? PatternCategory,
    IReadOnlyList<PartyKind>? PatternPartyKinds,
    [property: Description("Linked reports; null when suppressed (analysts, below the suppression threshold).")] int? LinkedReportCount,
    bool LinkedReportCountSuppressed,
    [property: Description("The linked reports, for triagers; null for analysts.")] IReadOnlyList<LinkedReport>? Reports,
    IReadOnlyList<FollowUpEvent> Events,
    [property: Description("Also sent as the ETag; PATCH takes it in If-Match.")] int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Reads a follow-up the way its readers see it.</summary>
public static class FollowUpView
{
    private const string Details = """
        SELECT g.name AS owner_group_name, f.created_at, f.updated_at,
               (SELECT COUNT(*) FROM follow_up_reports l WHERE l.follow_up_id = f.id) AS linked_report_count
        FROM follow_ups f JOIN steering_groups g ON g.id = f.owner_group_id
        WHERE f.id = @Id
        """;

    private const string Reports = """
        SELECT r.id, r.reference, r.event_date, r.status, r.queue_id, l.linked_at
        FROM follow_up_reports l JOIN reports r ON r.id = l.report_id
        WHERE l.follow_up_id = @Id
        ORDER BY r.event_date, r.reference
        """;

    private const string Events = """
        SELECT sequence, occurred_at, event_type, actor, data FROM follow_up_events WHERE follow_up_id = @Id ORDER BY sequence
        """;

    /// <summary>The follow-up as a reader sees it: <paramref name="readable"/> is the queues whose reports they may read, null for one who sees counts only (analysts).</summary>
    public static async Task<FollowUpResponse> ReadAsync(DbSession session, FollowUpSnapshot followUp, QueueAccess? readable, int suppressionThreshold,
        CancellationToken cancellationToken)
    {
        var seesReports = readable is not null;
        var details = await session.QuerySingleAsync<DetailsRow>(Details, new { followUp.Id }, cancellationToken);
        IReadOnlyList<LinkedReport>? reports = null;
        if (readable is not null)
        {
            reports = [.. (await session.QueryAsync<ReportRow>(Reports, new { followUp.Id }, cancellationToken))
                .Where(row => readable.Covers(row.QueueId))
                .Select(row => new LinkedReport(row.Id, row.Reference, row.EventDate, Codes.Parse<ReportStatus>(row.Status), row.LinkedAt))];
        }

        var shown = reports?.Select(report => report.Id).ToHashSet();
        var events = (await session.QueryAsync<EventRow>(Events, new { followUp.Id }, cancellationToken))
            .Select(row => new FollowUpEvent(row.Sequence, row.OccurredAt, row.EventType, row.Actor,
                // Analysts learn that reports were linked, not which; triagers which of those they may read.
                row.Data is null || (shown is null && row.EventType == FollowUpStore.ReportsLinked) ? null
                    : row.EventType == FollowUpStore.ReportsLinked ? LinkedReadable(row.Data, shown!)
                    : JsonDocument.Parse(row.Data).RootElement.Clone()))
            .ToList();

        var suppressed = !seesReports && details.LinkedReportCount > 0 && details.LinkedReportCount < suppressionThreshold;
        IReadOnlyList<PartyKind>? kinds = PartyKindSet.TryParse(followUp.PatternPartyKinds, out var parsed) ? parsed : null;
        return new FollowUpResponse(followUp.Id, followUp.AssociationCode, followUp.Title, followUp.OwnerGroupId, details.OwnerGroupName,
            followUp.Decision, followUp.Status, followUp.Outcome, followUp.DueOn, followUp.PatternKey, followUp.PatternCategory, kinds,
            suppressed ? null : details.LinkedReportCount, suppressed, reports, events, followUp.Version, details.CreatedAt, details.UpdatedAt);
    }

    /// <summary>A reports-linked event's data with only the reports the reader may read (their ids and references).</summary>
    private static JsonElement LinkedReadable(string data, IReadOnlySet<Guid> shown)
    {
        var linked = JsonSerializer.Deserialize<LinkedData>(data)!;
        var kept = linked.ReportIds.Select((id, index) => (Id: id, Reference: linked.References.ElementAtOrDefault(index)))
            .Where(report => shown.Contains(report.Id)).ToList();
        return JsonSerializer.SerializeToElement(new LinkedData([.. kept.Select(report => report.Id)], [.. kept.Select(report => report.Reference ?? "")]));
    }

    private sealed record LinkedData(
        [property: System.Text.Json.Serialization.JsonPropertyName("reportIds")] IReadOnlyList<Guid> ReportIds,
        [property: System.Text.Json.Serialization.JsonPropertyName("references")] IReadOnlyList<string> References);

    private sealed class DetailsRow
    {
        public string OwnerGroupName { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public int LinkedReportCount { get; init; }
    }

    private sealed class ReportRow
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public string Status { get; init; } = "";
        public Guid? QueueId { get; init; }
        public DateTimeOffset LinkedAt { get; init; }
    }

    private sealed class EventRow
    {
        public int Sequence { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public string EventType { get; init; } = "";
        public string Actor { get; init; } = "";
        public string? Data { get; init; }
    }
}
