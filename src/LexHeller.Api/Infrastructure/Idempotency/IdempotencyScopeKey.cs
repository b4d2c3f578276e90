using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace LexHeller.Api.Infrastructure.Idempotency;

/// <summary>
/// Keys the scope of an idempotency record: HMAC-SHA256 of the caller's name (<see cref="Caller.ScopeName"/>)
/// under a secret of 256 random bits that the service makes on first use and keeps in
/// <c>service_secrets</c>, sealed with Data Protection. A copy of the database without the key ring
/// cannot tell whose record a scope is, as it could from a plain hash of an e-mail address.
/// </summary>
/// <remarks>
/// The secret itself does not rotate: the key ring's rotation only changes which key seals new data,
/// and the old keys still open the secret, so a scope stays the same across rotation and restarts (a
/// replay must find its record for a day). Should the key ring be lost, the secret cannot be opened:
/// a new one is made (logged as an error), and the records keyed with the old one, which expire
/// within a day, are no longer found.
/// </remarks>
public sealed class IdempotencyScopeKey(IDataProtectionProvider dataProtection, TimeProvider time, ILogger<IdempotencyScopeKey> logger)
{
    /// <summary>The Data Protection purpose that seals the secret: changing it makes the stored secret unreadable.</summary>
    public const string Purpose = "LexHeller.IdempotencyScopeKey.v1";

    /// <summary>The secret's row in <c>service_secrets</c>.</summary>
    public const string SecretName = "idempotency-scope-key";

    private const string Read = "SELECT sealed_value FROM service_secrets WHERE name = @Name";

    private const string Insert = """
        INSERT INTO service_secrets (name, sealed_value, created_at)
        SELECT @Name, @SealedValue, @Now
        WHERE NOT EXISTS (SELECT 1 FROM service_secrets WHERE name = @Name)
        """;

    private const string Replace = """
        UPDATE service_secrets SET sealed_value = @SealedValue, created_at = @Now WHERE name = @Name AND sealed_value = @Unreadable
        """;

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    private byte[]? _secret;

    /// <summary>The keyed scope of <paramref name="caller"/>, reading (or making) the secret in <paramref name="session"/> the first time.</summary>
    public async ValueTask<string> ScopeAsync(DbSession session, Caller caller, CancellationToken cancellationToken)
    {
        var secret = Volatile.Read(ref _secret) ?? await LoadAsync(session, cancellationToken);
        return Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(caller.ScopeName())));
    }

    /// <summary>
    /// Reads the secret in the request's own transaction (a second connection could wait on it). Two
    /// first uses at once both insert only if absent and then read what was stored, so they agree. A
    /// secret this request made is not kept in memory: its transaction may still roll back (with the
    /// records keyed by it), so the next request reads it again, committed, or makes another.
    /// </summary>
    private async Task<byte[]> LoadAsync(DbSession session, CancellationToken cancellationToken)
    {
        var madeHere = false;
        for (var attempt = 1; ; attempt++)
        {
            var sealedValue = await session.QuerySingleOrDefaultAsync<string>(
                Read, new { Name = SecretName }, cancellationToken);
            if (sealedValue is not null && Open(sealedValue) is { } secret)
            {
                if (!madeHere)
                    Volatile.Write(ref _secret, secret);
                return secret;
            }

            if (attempt > 2)
                throw new InvalidOperationException("The idempotency scope key could not be read or made.");

            var fresh = _protector.Protect(RandomNumberGenerator.GetBytes(32));
            var arguments = new { Name = SecretName, SealedValue = Convert.ToBase64String(fresh), Unreadable = sealedValue, Now = time.GetUtcNow() };
            try
            {
                madeHere |= await session.ExecuteAsync(sealedValue is null ? Insert : Replace, arguments,
                    cancellationToken) > 0;
            }
            catch (System.Data.Common.DbException exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                // Another instance made it first: the next pass reads theirs.
            }
        }
    }

    private byte[]? Open(string sealedValue)
    {
        try
        {
            return _protector.Unprotect(Convert.FromBase64String(sealedValue));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            logger.LogError(exception,
                "The idempotency scope key cannot be opened: the Data Protection key that sealed it is missing or the value is damaged. A new key is made; "
                + "retries of requests made before it are not recognised as repeats");
            return null;
        }
    }
}
