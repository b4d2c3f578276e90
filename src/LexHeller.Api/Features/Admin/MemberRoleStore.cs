namespace LexHeller.Api.Features.Admin;

/// <summary>
/// A member's grants in one association, as its administrators keep them: the roles (<c>member_roles</c>,
/// granted in the data: <c>requires_role_claim</c> 0), the association's parties the member acts for
/// (<c>party_members</c>), with <c>association_members</c> kept in step. Triagers come from steering groups.
/// </summary>
public static class MemberRoleStore
{
    /// <summary>The roles an administrator grants, in the order they are listed.</summary>
    public static readonly IReadOnlyList<string> Grantable = [Roles.Reporter, Roles.Responder, Roles.Analyst, Roles.Admin];

    /// <summary>The roles that act for a party: they need one, and a party needs one of them.</summary>
    public static readonly IReadOnlySet<string> PartyRoles = new HashSet<string>(StringComparer.Ordinal) { Roles.Reporter, Roles.Responder };

    private const string ReadSql = """
        SELECT role FROM member_roles WHERE association_id = @AssociationId AND user_key = @UserKey;
        SELECT pm.party_id FROM party_members pm JOIN parties p ON p.id = pm.party_id
        WHERE p.association_id = @AssociationId AND pm.user_key = @UserKey;
        """;

    private const string AddRole = """
        INSERT INTO member_roles (association_id, user_key, role, requires_role_claim, granted_at)
        SELECT @AssociationId, @UserKey, @Role, 0, @Now
        WHERE NOT EXISTS (SELECT 1 FROM member_roles WHERE association_id = @AssociationId AND user_key = @UserKey AND role = @Role)
        """;

    // A grant carried over from before roles were data becomes one in the data once an administrator confirms it.
    private const string ConfirmRole = """
        UPDATE member_roles SET requires_role_claim = 0
        WHERE association_id = @AssociationId AND user_key = @UserKey AND role = @Role AND requires_role_claim = 1
        """;

    private const string RemoveRole = "DELETE FROM member_roles WHERE association_id = @AssociationId AND user_key = @UserKey AND role = @Role";

    private const string AddParty = """
        INSERT INTO party_members (party_id, user_key)
        SELECT @PartyId, @UserKey
        WHERE NOT EXISTS (SELECT 1 FROM party_members WHERE party_id = @PartyId AND user_key = @UserKey)
        """;

    private const string RemoveParty = "DELETE FROM party_members WHERE party_id = @PartyId AND user_key = @UserKey";

    private const string AddMember = """
        INSERT INTO association_members (association_id, user_key)
        SELECT @AssociationId, @UserKey
        WHERE NOT EXISTS (SELECT 1 FROM association_members WHERE association_id = @AssociationId AND user_key = @UserKey)
        """;

    // The association membership goes with the last role, party and steering group in the association.
    private const string RemoveMemberWhenNothingLeft = """
        DELETE FROM association_members
        WHERE association_id = @AssociationId AND user_key = @UserKey
          AND NOT EXISTS (SELECT 1 FROM member_roles WHERE association_id = @AssociationId AND user_key = @UserKey)
          AND NOT EXISTS (SELECT 1 FROM party_members pm JOIN parties p ON p.id = pm.party_id
                          WHERE p.association_id = @AssociationId AND pm.user_key = @UserKey)
          AND NOT EXISTS (SELECT 1 FROM steering_group_members m JOIN steering_groups g ON g.id = m.steering_group_id
                          WHERE g.association_id = @AssociationId AND m.user_key = @UserKey)
        """;

    private const string OtherAdministrators = """
        SELECT COUNT(*) FROM member_roles WHERE association_id = @AssociationId AND role = 'admin' AND user_key <> @UserKey
        """;

    /// <summary>The member's grants as the API names them (roles in <see cref="Grantable"/> order, parties sorted).</summary>
    public sealed record State(IReadOnlyList<string> Roles, IReadOnlyList<Guid> PartyIds)
    {
        public bool IsEmpty => Roles.Count == 0 && PartyIds.Count == 0;
    }

    public static async Task<State> ReadAsync(DbSession session, Guid associationId, string userKey, CancellationToken cancellationToken)
    {
        await using var results = await session.QueryMultipleAsync(ReadSql, new { AssociationId = associationId, UserKey = userKey }, cancellationToken);
        var roles = (await results.ReadAsync<string>()).ToHashSet(StringComparer.Ordinal);
        var parties = (await results.ReadAsync<Guid>()).Order().ToList();
        return new State([.. Grantable.Where(roles.Contains)], parties);
    }

    /// <summary>Makes the member's grants exactly <paramref name="wanted"/>; the parties are the association's.</summary>
    public static async Task ReplaceAsync(DbSession session, Guid associationId, string userKey, State current, State wanted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var role in current.Roles.Except(wanted.Roles))
            await session.ExecuteAsync(RemoveRole, new { AssociationId = associationId, UserKey = userKey, Role = role }, cancellationToken);
        foreach (var role in wanted.Roles)
            await GrantRoleAsync(session, associationId, userKey, role, now, cancellationToken);
        foreach (var party in current.PartyIds.Except(wanted.PartyIds))
            await session.ExecuteAsync(RemoveParty, new { PartyId = party, UserKey = userKey }, cancellationToken);
        foreach (var party in wanted.PartyIds.Except(current.PartyIds))
            await session.ExecuteAsync(AddParty, new { PartyId = party, UserKey = userKey }, cancellationToken);
        await KeepMembershipAsync(session, associationId, userKey, cancellationToken);
    }

    /// <summary>Grants one role in the data (confirming a carried-over grant), and the association membership.</summary>
    public static async Task GrantRoleAsync(DbSession session, Guid associationId, string userKey, string role, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var arguments = new { AssociationId = associationId, UserKey = userKey, Role = role, Now = now };
        await session.ExecuteAsync(AddRole, arguments, cancellationToken);
        await session.ExecuteAsync(ConfirmRole, arguments, cancellationToken);
        await session.ExecuteAsync(AddMember, arguments, cancellationToken);
    }

    /// <summary>Takes a role away (no-op when not held); the association membership goes with the last grant.</summary>
    public static async Task RevokeRoleAsync(DbSession session, Guid associationId, string userKey, string role, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(RemoveRole, new { AssociationId = associationId, UserKey = userKey, Role = role }, cancellationToken);
        await KeepMembershipAsync(session, associationId, userKey, cancellationToken);
    }

    /// <summary>association_members holds exactly those with a role, a party or a steering group in the association.</summary>
    public static async Task KeepMembershipAsync(DbSession session, Guid associationId, string userKey, CancellationToken cancellationToken)
    {
        var arguments = new { AssociationId = associationId, UserKey = userKey };
        await session.ExecuteAsync(RemoveMemberWhenNothingLeft, arguments, cancellationToken);
        await session.ExecuteAsync("""
            INSERT INTO association_members (association_id, user_key)
            SELECT @AssociationId, @UserKey
            WHERE NOT EXISTS (SELECT 1 FROM association_members WHERE association_id = @AssociationId AND user_key = @UserKey)
              AND (EXISTS (SELECT 1 FROM member_roles WHERE association_id = @AssociationId AND user_key = @UserKey)
                OR EXISTS (SELECT 1 FROM party_members pm JOIN parties p ON p.id = pm.party_id
                           WHERE p.association_id = @AssociationId AND pm.user_key = @UserKey))
            """, arguments, cancellationToken);
    }

    /// <summary>
    /// Refuses (409) to take the administration away from the association's last administrator. The association's
    /// administrators are locked first (TransactionLocks): two administrators taking each other's role at once would
    /// otherwise each count the other one still there.
    /// </summary>
    public static async Task EnsureNotLastAdministratorAsync(DbSession session, Guid associationId, string userKey, CancellationToken cancellationToken)
    {
        await TransactionLocks.ResourceAsync(session, $"administrators:{associationId:N}", cancellationToken);
        if (await session.ScalarAsync<int>(OtherAdministrators, new { AssociationId = associationId, UserKey = userKey }, cancellationToken) == 0)
        {
            throw new ConflictException("The association's last administrator",
                $"'{userKey}' is the association's only administrator: make another member an administrator first.");
        }
    }
}
