namespace LexHeller.Testing;

/// <summary>
/// The longest e-mail addresses a member can have: 320 characters (a local part of 64, the at-sign and a domain
/// of four 63-character labels), lower case as users are keyed. The service takes new addresses of at most 254
/// (EmailRules); memberships made under the rule before it were let in up to 320 (AdminRules.StoredUserKeyMaxLength),
/// and are written here as those were: rows in the membership tables with the grant that goes with them.
/// </summary>
public static class LongAddresses
{
    public const int Length = 320;

    /// <summary>A 320-character address whose local part starts with <paramref name="tag"/>.</summary>
    public static string Of(string tag)
    {
        var local = (tag + new string('x', 64))[..64];
        var domain = string.Join('.', Enumerable.Range(0, 4).Select(label => new string((char)('a' + label), 63)));
        var address = $"{local}@{domain}";
        Assert.Equal(Length, address.Length);
        return address;
    }

    /// <summary>Makes <paramref name="userKey"/> a contact person of the party (a responder in its association), as an old membership.</summary>
    public static async Task AddPartyContactAsync(this LexHellerApiFactory factory, Guid partyId, string userKey)
    {
        await factory.ExecuteAsync("INSERT INTO party_members (party_id, user_key) VALUES (@PartyId, @UserKey)", new { PartyId = partyId, UserKey = userKey });
        await factory.GrantInPartysAssociationAsync(partyId, userKey, "responder");
    }

    /// <summary>Makes <paramref name="userKey"/> a member of every steering group of the association, as an old membership.</summary>
    public static Task AddSteeringGroupMemberAsync(this LexHellerApiFactory factory, string associationCode, string userKey) =>
        factory.ExecuteAsync("""
            INSERT INTO steering_group_members (steering_group_id, user_key)
            SELECT g.id, @UserKey FROM steering_groups g JOIN associations a ON a.id = g.association_id WHERE a.code = @Code
            """, new { UserKey = userKey, Code = associationCode });
}
