namespace LexHeller.Api.Features.Reports;

/// <summary>
/// The reports of one association a caller may reach, by their queue: every queue, the queues of the
/// caller's steering groups (and the reports not in a queue yet, when they sit in any of the
/// association's groups), or none.
/// </summary>
public sealed record QueueAccess(bool EveryQueue, IReadOnlySet<Guid> Queues, bool Unqueued)
{
    public static QueueAccess None { get; } = new(false, new HashSet<Guid>(), false);

    public static QueueAccess All { get; } = new(true, new HashSet<Guid>(), true);

    /// <summary>Whether a report in <paramref name="queueId"/> (null: in no queue) is reached.</summary>
    public bool Covers(Guid? queueId) => EveryQueue || (queueId is { } id ? Queues.Contains(id) : Unqueued);
}

/// <summary>
/// Who may see and handle a report: a triager who sits in the steering group that owns the report's
/// queue (any of the association's groups while it has none), and, for reading, an administrator of
/// the association (ADR 13: both as the data says). Every list that names reports (similar reports, patterns,
/// follow-ups) names only those the caller may read, and linking a report to anything takes triaging it.
/// </summary>
public static class ReportAccess
{
    private const string Sql = $"""
        SELECT q.id FROM queues q
        JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
        WHERE q.association_id = @AssociationId AND m.user_key = @UserKey;

        SELECT
            CASE WHEN EXISTS (
                SELECT 1 FROM steering_group_members m
                JOIN steering_groups g ON g.id = m.steering_group_id
                WHERE g.association_id = @AssociationId AND m.user_key = @UserKey) THEN 1 ELSE 0 END AS is_triager,
            CASE WHEN @AssociationId IN ({MemberGrants.AdminAssociations}) THEN 1 ELSE 0 END AS is_admin
        """;

    /// <summary>Reading a report in full (with the reporter's contact): its triagers and the association's administrators.</summary>
    public static async Task EnsureCanReadAsync(DbSession session, Caller caller, Guid associationId, Guid? queueId, CancellationToken cancellationToken)
    {
        if (!(await ReadableAsync(session, caller, associationId, cancellationToken)).Covers(queueId))
            throw new ForbiddenException("You are not a member of the steering group that handles this report.");
    }

    /// <summary>Acting on a report: only triagers of the steering group that owns its queue.</summary>
    public static async Task EnsureCanTriageAsync(DbSession session, Caller caller, Guid associationId, Guid? queueId, CancellationToken cancellationToken)
    {
        if (!(await TriageableAsync(session, caller, associationId, cancellationToken)).Covers(queueId))
            throw new ForbiddenException("Only triagers of the steering group that owns this report's queue may act on it.");
    }

    /// <summary>The queues of the association whose reports the caller may read.</summary>
    public static async Task<QueueAccess> ReadableAsync(DbSession session, Caller caller, Guid associationId, CancellationToken cancellationToken)
    {
        if (caller.Kind == CallerKind.System)
            return QueueAccess.All;

        var (queues, membership) = await MembershipAsync(session, caller, associationId, cancellationToken);
        if (membership.IsAdmin)
            return QueueAccess.All;
        return caller.ClaimsAllow(Roles.Triager) ? new QueueAccess(false, queues, membership.IsTriager) : QueueAccess.None;
    }

    /// <summary>The queues of the association whose reports the caller may act on (and link).</summary>
    public static async Task<QueueAccess> TriageableAsync(DbSession session, Caller caller, Guid associationId, CancellationToken cancellationToken)
    {
        if (caller.Kind == CallerKind.System)
            return QueueAccess.All;

        var (queues, membership) = await MembershipAsync(session, caller, associationId, cancellationToken);
        return caller.ClaimsAllow(Roles.Triager) ? new QueueAccess(false, queues, membership.IsTriager) : QueueAccess.None;
    }

    /// <summary>Refuses unless the caller may act on every one of the reports, each named with the queue it is in.</summary>
    public static async Task EnsureCanTriageAllAsync(DbSession session, Caller caller, Guid associationId, IEnumerable<Guid?> queueIds,
        CancellationToken cancellationToken)
    {
        var access = await TriageableAsync(session, caller, associationId, cancellationToken);
        if (!queueIds.All(access.Covers))
            throw new ForbiddenException("Only triagers of the steering group that owns a report's queue may link it.");
    }

    private static async Task<(IReadOnlySet<Guid> Queues, Membership Membership)> MembershipAsync(DbSession session, Caller caller, Guid associationId,
        CancellationToken cancellationToken)
    {
        if (caller.Kind != CallerKind.User || caller.UserKey is null)
            throw new ForbiddenException("Only members of the association's steering groups may handle reports.");

        await using var results = await session.QueryMultipleAsync(
            Sql, MemberGrants.Parameters(caller, new { AssociationId = associationId }), cancellationToken);
        var queues = (await results.ReadAsync<Guid>()).ToHashSet();
        return (queues, await results.ReadSingleAsync<Membership>());
    }

    private sealed class Membership
    {
        public bool IsTriager { get; init; }
        public bool IsAdmin { get; init; }
    }
}
