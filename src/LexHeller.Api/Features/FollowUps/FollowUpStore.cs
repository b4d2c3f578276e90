using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.FollowUps;

/// <summary>A follow-up as the workflow decides on it.</summary>
public sealed record FollowUpSnapshot(
    Guid Id,
    Guid AssociationId,
    string AssociationCode,
    Guid OwnerGroupId,
    string Title,
    string? Decision,
    FollowUpStatus Status,
    string? Outcome,
    DateOnly? DueOn,
    string? PatternCategory,
    string? PatternPartyKinds,
    int Version)
{
    public string ETag => Versioning.ETag(Version);

    public string? PatternKey => PatternCategory is null || PatternPartyKinds is null ? null : Domain.Insight.PatternKey.Format(PatternCategory, PatternPartyKinds);
}

/// <summary>What a new follow-up starts with; from a pattern, the pattern's category, party kinds and key.</summary>
public sealed record FollowUpOpening(
    Guid AssociationId,
    Guid OwnerGroupId,
    string Title,
    string? Decision,
    DateOnly? DueOn,
    string? PatternCategory = null,
    string? PatternPartyKinds = null,
    string? PatternKey = null);

/// <summary>
/// What the follow-up slices share: opening one, loading one, who may change it (members of its owner group),
/// its append-only event log, and linking reports to it, which both sides record as an event.
/// </summary>
public static class FollowUpStore
{
    public const string Created = "created";
    public const string Changed = "changed";
    public const string StatusChanged = "status-changed";
    public const string ReportsLinked = "reports-linked";

    private const string Insert = """
        INSERT INTO follow_ups (id, association_id, owner_group_id, title, decision, status, outcome, due_on,
            pattern_category, pattern_party_kinds, version, created_at, updated_at)
        VALUES (@Id, @AssociationId, @OwnerGroupId, @Title, @Decision, 'open', NULL, @DueOn,
            @PatternCategory, @PatternPartyKinds, 1, @Now, @Now)
        """;

    private const string Load = """
        SELECT f.id, f.association_id, a.code AS association_code, f.owner_group_id, f.title, f.decision, f.status, f.outcome, f.due_on,
               f.pattern_category, f.pattern_party_kinds, f.version
        FROM follow_ups f JOIN associations a ON a.id = f.association_id
        WHERE f.id = @Id
        """;

    private const string OwnerMember = """
        SELECT COUNT(*) FROM steering_group_members WHERE steering_group_id = @GroupId AND user_key = @UserKey
        """;

    private const string AppendEvent = """
        INSERT INTO follow_up_events (id, follow_up_id, sequence, occurred_at, event_type, actor, data)
        SELECT @Id, @FollowUpId, COALESCE(MAX(sequence), 0) + 1, @Now, @EventType, @Actor, @Data
        FROM follow_up_events
        WHERE follow_up_id = @FollowUpId
        """;

    private const string NotYetLinked = """
        SELECT r.id, r.reference FROM reports r
        WHERE r.id = @ReportId
          AND NOT EXISTS (SELECT 1 FROM follow_up_reports l WHERE l.follow_up_id = @FollowUpId AND l.report_id = r.id)
        """;

    private const string Link = "INSERT INTO follow_up_reports (follow_up_id, report_id, linked_at) VALUES (@FollowUpId, @ReportId, @Now)";

    private const string Touch = """
        UPDATE follow_ups SET version = version + 1, updated_at = @Now WHERE id = @Id
        """;

    private const string OfAssociation = "SELECT id, queue_id FROM reports WHERE association_id = @AssociationId AND id = @ReportId";

    private const string GroupOfAssociation = "SELECT COUNT(*) FROM steering_groups WHERE id = @GroupId AND association_id = @AssociationId";

    /// <summary>Opens a follow-up (status open, version 1) with its first event; no reports are linked yet. Returns its id.</summary>
    public static async Task<Guid> OpenAsync(DbSession session, FollowUpOpening opening, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(now);
        await session.ExecuteAsync(Insert, new
        {
            Id = id,
            opening.AssociationId,
            opening.OwnerGroupId,
            opening.Title,
            Decision = string.IsNullOrEmpty(opening.Decision) ? null : opening.Decision,
            opening.DueOn,
            opening.PatternCategory,
            opening.PatternPartyKinds,
            Now = now,
        }, cancellationToken);
        await AppendEventAsync(session, id, Created, actor, new
        {
            title = opening.Title,
            ownerGroupId = opening.OwnerGroupId,
            decision = opening.Decision,
            dueOn = opening.DueOn,
            patternKey = opening.PatternKey,
        }, now, cancellationToken);
        return id;
    }

    public static async Task<FollowUpSnapshot> LoadAsync(DbSession session, Guid id, CancellationToken cancellationToken) =>
        await FindAsync(session, id, cancellationToken) ?? throw new NotFoundException($"Follow-up '{id}'");

    public static async Task<FollowUpSnapshot?> FindAsync(DbSession session, Guid id, CancellationToken cancellationToken)
    {
        var row = await session.QuerySingleOrDefaultAsync<Row>(Load, new { Id = id }, cancellationToken);
        return row is null ? null : new FollowUpSnapshot(row.Id, row.AssociationId, row.AssociationCode, row.OwnerGroupId, row.Title, row.Decision,
            Codes.Parse<FollowUpStatus>(row.Status), row.Outcome, row.DueOn, row.PatternCategory, row.PatternPartyKinds, row.Version);
    }

    /// <summary>Changing a follow-up: triagers who sit in its owner group.</summary>
    public static Task EnsureOwnerAsync(DbSession session, Caller caller, FollowUpSnapshot followUp, CancellationToken cancellationToken) =>
        EnsureGroupMemberAsync(session, caller, followUp.OwnerGroupId, cancellationToken);

    /// <summary>Owning a follow-up (changing one, or starting one a report goes to): triagers who sit in the group.</summary>
    public static async Task EnsureGroupMemberAsync(DbSession session, Caller caller, Guid groupId, CancellationToken cancellationToken)
    {
        if (caller.Kind == CallerKind.System)
            return;

        var isMember = caller.Kind == CallerKind.User && caller.ClaimsAllow(Roles.Triager) && await session.ScalarAsync<int>(
            OwnerMember, new { GroupId = groupId, caller.UserKey }, cancellationToken) > 0;
        if (!isMember)
            throw new ForbiddenException("Only members of the follow-up's owner group may change it.");
    }

    public static async Task<bool> IsGroupOfAssociationAsync(DbSession session, Guid groupId, Guid associationId, CancellationToken cancellationToken)
    {
        return await session.ScalarAsync<int>(GroupOfAssociation, new { GroupId = groupId, AssociationId = associationId },
            cancellationToken) > 0;
    }

    /// <summary>
    /// Refuses to link reports unless each is a report of the association (400 naming <paramref name="field"/>)
    /// and the caller may act on each: linking writes into the report's history, so it takes triaging it (403).
    /// </summary>
    public static async Task EnsureCanLinkAsync(DbSession session, Caller caller, IReadOnlyCollection<Guid> reportIds, Guid associationId, string field,
        string notOfAssociation, CancellationToken cancellationToken)
    {
        // One look per report: a list parameter is not shared SQL, and a request names at most a hundred.
        var queues = new List<Guid?>();
        foreach (var reportId in reportIds)
        {
            var report = await session.QuerySingleOrDefaultAsync<QueueRow>(OfAssociation,
                new { AssociationId = associationId, ReportId = reportId }, cancellationToken)
                ?? throw ValidationFailures.Invalid(field, notOfAssociation);
            queues.Add(report.QueueId);
        }

        await ReportAccess.EnsureCanTriageAllAsync(session, caller, associationId, queues, cancellationToken);
    }

    /// <summary>Appends to the follow-up's log; <paramref name="data"/> is serialised as JSON.</summary>
    public static async Task AppendEventAsync(DbSession session, Guid followUpId, string eventType, string actor, object? data,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(AppendEvent, new
        {
            Id = Guid.CreateVersion7(now),
            FollowUpId = followUpId,
            Now = now,
            EventType = eventType,
            Actor = actor,
            Data = data is null ? null : JsonSerializer.Serialize(data),
        }, cancellationToken);
    }

    /// <summary>
    /// Links those of <paramref name="reportIds"/> not linked yet (they must be the follow-up's
    /// association's); each gets a report event, the follow-up one event naming them all. Returns how
    /// many were linked now. The caller changes the follow-up's version first (its row is the lock
    /// that orders the log).
    /// </summary>
    public static async Task<int> LinkReportsAsync(DbSession session, Guid followUpId, string title, IReadOnlyCollection<Guid> reportIds,
        string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (reportIds.Count == 0)
            return 0;

        var reports = new List<LinkRow>();
        foreach (var reportId in reportIds.Distinct())
        {
            if (await session.QuerySingleOrDefaultAsync<LinkRow>(NotYetLinked, new { FollowUpId = followUpId, ReportId = reportId },
                    cancellationToken) is { } report)
                reports.Add(report);
        }

        if (reports.Count == 0)
            return 0;

        await session.ExecuteAsync(Link, reports.Select(report => new { FollowUpId = followUpId, ReportId = report.Id, Now = now }),
            cancellationToken);
        foreach (var report in reports)
        {
            await ReportEvents.AppendAsync(session, report.Id, ReportEvents.LinkedToFollowUp, actor, null, null,
                $"Linked to the structural follow-up '{title}'.", now, cancellationToken, JsonSerializer.Serialize(new { followUpId }));
        }

        await AppendEventAsync(session, followUpId, ReportsLinked, actor,
            new { reportIds = reports.Select(report => report.Id), references = reports.Select(report => report.Reference) }, now, cancellationToken);
        return reports.Count;
    }

    /// <summary>Takes a new version for a change made outside a patch (a report closed for it), before its log is written.</summary>
    public static async Task TouchAsync(DbSession session, Guid followUpId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(Touch, new { Id = followUpId, Now = now }, cancellationToken);
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid AssociationId { get; init; }
        public string AssociationCode { get; init; } = "";
        public Guid OwnerGroupId { get; init; }
        public string Title { get; init; } = "";
        public string? Decision { get; init; }
        public string Status { get; init; } = "";
        public string? Outcome { get; init; }
        public DateOnly? DueOn { get; init; }
        public string? PatternCategory { get; init; }
        public string? PatternPartyKinds { get; init; }
        public int Version { get; init; }
    }

    private sealed class QueueRow
    {
        public Guid Id { get; init; }
        public Guid? QueueId { get; init; }
    }

    private sealed class LinkRow
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
    }
}
