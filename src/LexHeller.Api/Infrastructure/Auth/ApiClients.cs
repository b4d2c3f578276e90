using System.Security.Cryptography;

namespace LexHeller.Api.Infrastructure.Auth;

/// <summary>Integration partners' API keys: each bound to one association and one party, stored hashed.</summary>
public static class ApiClients
{
    private const string Insert = """
        INSERT INTO api_clients (id, association_id, party_id, name, key_hash, created_at)
        VALUES (@Id, @AssociationId, @PartyId, @Name, @KeyHash, @Now)
        """;

    private const string Revoke = "UPDATE api_clients SET revoked_at = @Now WHERE id = @Id AND revoked_at IS NULL";

    /// <summary>A new key: a prefix that says what it is, then 256 random bits.</summary>
    public static string NewKey() =>
        "lh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>Stores a new key in the session's transaction; its id.</summary>
    public static async Task<Guid> InsertAsync(DbSession session,
        Guid associationId, Guid partyId, string name, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(now);
        await session.ExecuteAsync(Insert, new
        {
            Id = id,
            AssociationId = associationId,
            PartyId = partyId,
            Name = name,
            KeyHash = ApiKeyAuthenticationHandler.HashKey(key),
            Now = now,
        }, cancellationToken);
        return id;
    }

    /// <summary>Revokes the key in the session's transaction; false when it was revoked already (or does not exist).</summary>
    public static async Task<bool> RevokeAsync(DbSession session, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(Revoke, new { Id = id, Now = now }, cancellationToken) == 1;
}
