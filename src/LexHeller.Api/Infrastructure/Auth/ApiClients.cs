using System.Data.Common;
using System.Security.Cryptography;
using Dapper;

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

    public static async Task<Guid> InsertAsync(DbConnection connection, DbTransaction? transaction,
        Guid associationId, Guid partyId, string name, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            Id = id,
            AssociationId = associationId,
            PartyId = partyId,
            Name = name,
            KeyHash = ApiKeyAuthenticationHandler.HashKey(key),
            Now = now,
        }, transaction, cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>Revokes the key; false when it was revoked already (or does not exist).</summary>
    public static async Task<bool> RevokeAsync(DbConnection connection, DbTransaction? transaction, Guid id, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(Revoke, new { Id = id, Now = now }, transaction, cancellationToken: cancellationToken)) == 1;
}
