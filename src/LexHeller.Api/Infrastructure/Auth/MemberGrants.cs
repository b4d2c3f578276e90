using Dapper;

namespace LexHeller.Api.Infrastructure.Auth;

/// <summary>One role a user holds in one association.</summary>
public sealed record MemberGrant(Guid AssociationId, string Role);

/// <summary>
/// What a user may do, association by association, as Lex Heller's data says (ADR 13): the member's roles
/// (<c>member_roles</c>: reporter, responder, analyst, admin) and, as triager, the associations of the
/// steering groups they sit in. The token's role claims grant nothing; where the installation narrows by
/// claims (<see cref="Caller.RoleClaimsNarrow"/>), a grant holds only while the token also names its role,
/// and a grant carried over from before roles were data (<c>requires_role_claim</c>) always needs the claim.
/// </summary>
public sealed class Grants(IReadOnlyList<MemberGrant> all)
{
    public static Grants None { get; } = new([]);

    public IReadOnlyList<MemberGrant> All => all;

    public bool Holds(Guid associationId, string role) =>
        all.Any(grant => grant.AssociationId == associationId && grant.Role == role);

    public bool HoldsAnywhere(string role) => all.Any(grant => grant.Role == role);

    public IReadOnlySet<Guid> AssociationsWhere(string role) =>
        all.Where(grant => grant.Role == role).Select(grant => grant.AssociationId).ToHashSet();
}

/// <summary>Reads a caller's <see cref="Grants"/>, and writes the same rule into SQL for queries that list by grant.</summary>
public static class MemberGrants
{
    private const string Sql = """
        SELECT association_id, role, requires_role_claim FROM member_roles WHERE user_key = @UserKey;

        SELECT DISTINCT g.association_id
        FROM steering_group_members m
        JOIN steering_groups g ON g.id = m.steering_group_id
        WHERE m.user_key = @UserKey;
        """;

    /// <summary>The roles data grants: <c>reporter</c>, <c>responder</c>, <c>analyst</c>, <c>admin</c> (triager comes from steering groups).</summary>
    public static IReadOnlyList<string> MemberRoleNames { get; } = [Roles.Reporter, Roles.Responder, Roles.Analyst, Roles.Admin];

    /// <summary>The caller's grants: none for anyone but a signed-in user.</summary>
    public static async Task<Grants> LoadAsync(DbSession session, Caller caller, CancellationToken cancellationToken)
    {
        if (caller.Kind != CallerKind.User || caller.UserKey is null)
            return Grants.None;

        await using var results = await session.QueryMultipleAsync(Sql, new { caller.UserKey }, cancellationToken);
        var grants = (await results.ReadAsync<Row>())
            .Where(row => (row.RequiresRoleClaim ? 1 : 0) < Gate(caller, row.Role))
            .Select(row => new MemberGrant(row.AssociationId, row.Role))
            .ToList();
        if (caller.ClaimsAllow(Roles.Triager))
            grants.AddRange((await results.ReadAsync<Guid>()).Select(associationId => new MemberGrant(associationId, Roles.Triager)));
        return new Grants(grants);
    }

    /// <summary>
    /// SQL for the associations where the user <c>@UserKey</c> holds a member role, for a query that lists by grant
    /// (<c>p.association_id IN ({ResponderAssociations})</c>): uncorrelated, it is read once by user key. Its query
    /// takes the parameters of <see cref="Parameters"/>.
    /// </summary>
    public const string ReporterAssociations =
        "SELECT association_id FROM member_roles WHERE user_key = @UserKey AND role = 'reporter' AND requires_role_claim < @GateReporter";

    /// <inheritdoc cref="ReporterAssociations"/>
    public const string ResponderAssociations =
        "SELECT association_id FROM member_roles WHERE user_key = @UserKey AND role = 'responder' AND requires_role_claim < @GateResponder";

    /// <inheritdoc cref="ReporterAssociations"/>
    public const string AnalystAssociations =
        "SELECT association_id FROM member_roles WHERE user_key = @UserKey AND role = 'analyst' AND requires_role_claim < @GateAnalyst";

    /// <inheritdoc cref="ReporterAssociations"/>
    public const string AdminAssociations =
        "SELECT association_id FROM member_roles WHERE user_key = @UserKey AND role = 'admin' AND requires_role_claim < @GateAdmin";

    /// <summary>The parameters the association lists (<see cref="ReporterAssociations"/> …) read (<c>UserKey</c> and one gate per role), with the query's own.</summary>
    public static DynamicParameters Parameters(Caller caller, object? more = null)
    {
        var parameters = new DynamicParameters(more);
        parameters.Add("UserKey", caller.UserKey);
        foreach (var role in MemberRoleNames)
            parameters.Add(GateName(role), Gate(caller, role));
        return parameters;
    }

    /// <summary>
    /// Which grants of a role hold for this caller, as a bound on <c>requires_role_claim</c> (0 or 1): 2 when the
    /// token names the role (every grant), 1 when it does not and claims do not narrow (grants made as data), 0 when
    /// claims narrow and the token does not name it (none).
    /// </summary>
    private static int Gate(Caller caller, string role) =>
        caller.IsInRole(role) ? 2 : caller.ClaimsAllow(role) ? 1 : 0;

    private static string GateName(string role) => "Gate" + char.ToUpperInvariant(role[0]) + role[1..];

    private sealed class Row
    {
        public Guid AssociationId { get; init; }
        public string Role { get; init; } = "";
        public bool RequiresRoleClaim { get; init; }
    }
}
