namespace LexHeller.Api.Features.Reports;

/// <summary>
/// Moves a report through its lifecycle: the state machine decides, the version guards against
/// lost updates (If-Match), and one event is appended in the same transaction.
/// </summary>
public static class ReportTransitions
{
    private const string Load = """
        SELECT id, association_id, queue_id, reference, status, resolution, version FROM reports WHERE id = @Id
        """;

    private const string Update = """
        UPDATE reports SET status = @Status, resolution = @Resolution, version = version + 1, updated_at = @Now,
            first_referred_at = CASE WHEN @Status = 'referred' AND first_referred_at IS NULL THEN @Now ELSE first_referred_at END,
            first_answered_at = CASE WHEN @Status = 'answered' AND first_answered_at IS NULL THEN @Now ELSE first_answered_at END,
            closed_at = CASE WHEN @Status <> 'closed' THEN NULL WHEN status = 'closed' THEN closed_at ELSE @Now END
        WHERE id = @Id AND version = @Version
        """;

    public static async Task<ReportSnapshot> LoadAsync(DbSession session, Guid id, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefaultAsync<Row>(Load, new { Id = id }, cancellationToken)
            ?? throw new NotFoundException($"Report '{id}'");
        return new ReportSnapshot(row.Id, row.AssociationId, row.QueueId, row.Reference, Codes.Parse<ReportStatus>(row.Status),
            row.Resolution is null ? null : Codes.Parse<Resolution>(row.Resolution), row.Version);
    }

    /// <summary>
    /// Applies <paramref name="action"/> (409 with the allowed actions when the lifecycle refuses it)
    /// and appends its event; returns the report as it is now. The milestones that lead times are
    /// measured by (first referral, first answer, closure) are kept on the report as it moves.
    /// </summary>
    public static async Task<ReportSnapshot> ApplyAsync(DbSession session, ReportSnapshot report, ReportAction action, Resolution? resolution,
        string eventType, string actor, string reason, DateTimeOffset now, CancellationToken cancellationToken, string? data = null)
    {
        var decision = ReportLifecycle.Decide(report.Status, action, resolution);
        decision.ThrowIfRefused();

        var newResolution = action switch
        {
            ReportAction.Close => resolution,
            ReportAction.Reopen => null,
            _ => report.Resolution,
        };
        var updated = await session.ExecuteAsync(Update, new
        {
            report.Id,
            report.Version,
            Status = Codes.Of(decision.To),
            Resolution = newResolution is { } r ? Codes.Of(r) : null,
            Now = now,
        }, cancellationToken);
        if (updated == 0)
            throw new PreconditionFailedException((await LoadAsync(session, report.Id, cancellationToken)).ETag);

        await ReportEvents.AppendAsync(session, report.Id, eventType, actor,
            decision.From, ReportLifecycle.ChangesState(action) ? decision.To : null, reason, now, cancellationToken, data);
        return report with { Status = decision.To, Resolution = newResolution, Version = report.Version + 1 };
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid AssociationId { get; init; }
        public Guid? QueueId { get; init; }
        public string Reference { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Resolution { get; init; }
        public int Version { get; init; }
    }
}
