namespace LexHeller.Testing;

/// <summary>
/// Roles in an association are data (ADR 13). Tests whose callers need a role that the demo seed does not
/// grant write it as an administrator's grant would: a <c>member_roles</c> row (and the member's
/// <c>association_members</c> row). Both statements are no-ops when the grant is there already.
/// </summary>
public static class TestGrants
{
    private const string Member = """
        INSERT INTO association_members (association_id, user_key)
        SELECT a.id, @UserKey FROM associations a
        WHERE a.code = @Code AND NOT EXISTS (SELECT 1 FROM association_members m WHERE m.association_id = a.id AND m.user_key = @UserKey)
        """;

    private const string Role = """
        INSERT INTO member_roles (association_id, user_key, role, requires_role_claim, granted_at)
        SELECT a.id, @UserKey, @Role, 0, @Now FROM associations a
        WHERE a.code = @Code AND NOT EXISTS (SELECT 1 FROM member_roles r WHERE r.association_id = a.id AND r.user_key = @UserKey AND r.role = @Role)
        """;

    /// <summary>Grants <paramref name="roles"/> (reporter, responder, analyst, admin) in the association <paramref name="associationCode"/>.</summary>
    public static async Task GrantAsync(this LexHellerApiFactory factory, string associationCode, string email, params string[] roles)
    {
        var userKey = email.Trim().ToLowerInvariant();
        await factory.ExecuteAsync(Member, new { UserKey = userKey, Code = associationCode });
        foreach (var role in roles)
            await factory.ExecuteAsync(Role, new { UserKey = userKey, Code = associationCode, Role = role, Now = DateTimeOffset.UtcNow });
    }

    /// <summary>Grants <paramref name="roles"/> in the association of the party <paramref name="partyId"/> (none when there is no such party).</summary>
    public static async Task GrantInPartysAssociationAsync(this LexHellerApiFactory factory, Guid partyId, string email, params string[] roles)
    {
        var code = await factory.ScalarAsync<string?>(
            "SELECT a.code FROM parties p JOIN associations a ON a.id = p.association_id WHERE p.id = @PartyId", new { PartyId = partyId });
        if (code is not null)
            await factory.GrantAsync(code, email, roles);
    }
}
