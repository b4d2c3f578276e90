using Dapper;
using LexHeller.Api.Data;
using LexHeller.Api.Infrastructure.Auth;
using LexHeller.Api.Infrastructure.Problems;

namespace LexHeller.Api.Features.Reports;

/// <summary>
/// Who may see and handle a report: a triager who sits in the steering group that owns the report's
/// queue (any of the association's groups while it has none), and, for reading, an administrator who
/// is a member of the association.
/// </summary>
public static class ReportAccess
{
    private const string Sql = """
        SELECT
            CASE WHEN EXISTS (
                SELECT 1 FROM steering_group_members m
                JOIN queues q ON q.steering_group_id = m.steering_group_id
                WHERE q.id = @QueueId AND m.user_key = @UserKey)
              OR (@QueueId IS NULL AND EXISTS (
                SELECT 1 FROM steering_group_members m
                JOIN steering_groups g ON g.id = m.steering_group_id
                WHERE g.association_id = @AssociationId AND m.user_key = @UserKey)) THEN 1 ELSE 0 END AS is_triager,
            CASE WHEN EXISTS (
                SELECT 1 FROM association_members m
                WHERE m.association_id = @AssociationId AND m.user_key = @UserKey) THEN 1 ELSE 0 END AS is_member
        """;

    /// <summary>Reading a report in full (with the reporter's contact): its triagers and the association's administrators.</summary>
    public static async Task EnsureCanReadAsync(DbSession session, Caller caller, Guid associationId, Guid? queueId, CancellationToken cancellationToken)
    {
        if (caller.Kind == CallerKind.System)
            return;

        var membership = await MembershipAsync(session, caller, associationId, queueId, cancellationToken);
        if (!((caller.IsInRole(Roles.Triager) && membership.IsTriager) || (caller.IsInRole(Roles.Admin) && membership.IsMember)))
            throw new ForbiddenException("You are not a member of the steering group that handles this report.");
    }

    /// <summary>Acting on a report: only triagers of the steering group that owns its queue.</summary>
    public static async Task EnsureCanTriageAsync(DbSession session, Caller caller, Guid associationId, Guid? queueId, CancellationToken cancellationToken)
    {
        if (caller.Kind == CallerKind.System)
            return;

        var membership = await MembershipAsync(session, caller, associationId, queueId, cancellationToken);
        if (!(caller.IsInRole(Roles.Triager) && membership.IsTriager))
            throw new ForbiddenException("Only triagers of the steering group that owns this report's queue may act on it.");
    }

    private static async Task<Membership> MembershipAsync(DbSession session, Caller caller, Guid associationId, Guid? queueId, CancellationToken cancellationToken)
    {
        if (caller.Kind != CallerKind.User || caller.UserKey is null)
            throw new ForbiddenException("Only members of the association's steering groups may handle reports.");

        var connection = await session.ConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<Membership>(new CommandDefinition(
            Sql, new { AssociationId = associationId, QueueId = queueId, caller.UserKey }, session.Transaction, cancellationToken: cancellationToken));
    }

    private sealed class Membership
    {
        public bool IsTriager { get; init; }
        public bool IsMember { get; init; }
    }
}
