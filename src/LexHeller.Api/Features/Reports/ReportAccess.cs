using Dapper;
using LexHeller.Api.Data;
using LexHeller.Api.Infrastructure.Auth;
using LexHeller.Api.Infrastructure.Problems;

namespace LexHeller.Api.Features.Reports;

/// <summary>
/// Who may see a report in full: a triager who sits in one of the association's steering groups, or
/// an administrator who is a member of the association.
/// </summary>
public static class ReportAccess
{
    private const string Sql = """
        SELECT
            CASE WHEN EXISTS (
                SELECT 1 FROM steering_group_members m
                JOIN steering_groups g ON g.id = m.steering_group_id
                WHERE g.association_id = @AssociationId AND m.user_key = @UserKey) THEN 1 ELSE 0 END AS is_triager,
            CASE WHEN EXISTS (
                SELECT 1 FROM association_members m
                WHERE m.association_id = @AssociationId AND m.user_key = @UserKey) THEN 1 ELSE 0 END AS is_member
        """;

    public static async Task EnsureCanTriageAsync(DbSession session, Caller caller, Guid associationId, CancellationToken cancellationToken)
    {
        if (caller.Kind == CallerKind.System)
            return;
        if (caller.Kind != CallerKind.User || caller.UserKey is null)
            throw new ForbiddenException("Only members of the association's steering groups may read reports.");

        var connection = await session.ConnectionAsync(cancellationToken);
        var membership = await connection.QuerySingleAsync<Membership>(new CommandDefinition(
            Sql, new { AssociationId = associationId, caller.UserKey }, session.Transaction, cancellationToken: cancellationToken));

        var allowed = (caller.IsInRole(Roles.Triager) && membership.IsTriager)
            || (caller.IsInRole(Roles.Admin) && membership.IsMember);
        if (!allowed)
            throw new ForbiddenException("You are not a member of a steering group of the association that owns this report.");
    }

    private sealed class Membership
    {
        public bool IsTriager { get; init; }
        public bool IsMember { get; init; }
    }
}
