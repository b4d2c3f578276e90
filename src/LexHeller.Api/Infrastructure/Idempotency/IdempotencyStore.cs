using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LexHeller.Api.Infrastructure.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> for commands (API.md): a repeat with the same key and body returns the first
/// answer; the same key with another body is a 422. Records are scoped to the caller (an HMAC of who
/// they are, <see cref="IdempotencyScopeKey"/>) and kept for a day (then deleted by <see cref="IdempotencyCleanupJob"/>). The stored answer holds a receipt
/// token, so it is protected with Data Protection.
/// </summary>
public sealed class IdempotencyStore(DbSession session, IDataProtectionProvider dataProtection, IdempotencyScopeKey scopeKey, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private const string Find = """
        SELECT request_hash, response_body, expires_at
        FROM idempotency_records
        WHERE scope = @Scope AND idempotency_key = @Key
        """;

    // Only the caller's own record under this key, once it has expired: a key used again a day later takes the
    // place of its old record. Other callers' expired records are the clean-up job's (IdempotencyCleanupJob), never a
    // request's: a request that deleted them would make every submission queue behind that work.
    private const string DeleteOwnExpired = """
        DELETE FROM idempotency_records
        WHERE scope = @Scope AND idempotency_key = @Key AND expires_at <= @Now
        """;

    private const string Insert = """
        INSERT INTO idempotency_records (scope, idempotency_key, request_hash, report_id, response_body, created_at, expires_at)
        VALUES (@Scope, @Key, @RequestHash, @ReportId, @ResponseBody, @Now, @ExpiresAt)
        """;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("LexHeller.Idempotency.v1");

    public static string HashRequest<TRequest>(TRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, Json)));

    /// <summary>The first answer for this caller and key, or null when the key is new (or expired).</summary>
    public async Task<TResponse?> FindAsync<TResponse>(Caller caller, string key, string requestHash, CancellationToken cancellationToken)
        where TResponse : class
    {
        var arguments = new { Scope = await scopeKey.ScopeAsync(session, caller, cancellationToken), Key = key };
        var record = await session.QuerySingleOrDefaultAsync<Record>(
            Find, arguments, cancellationToken);
        if (record is null)
            return null;

        // An expired record is never honoured, whether or not the clean-up job has deleted it yet.
        if (record.ExpiresAt <= time.GetUtcNow())
            return null;

        if (!string.Equals(record.RequestHash, requestHash, StringComparison.Ordinal))
        {
            throw new UnprocessableException("Idempotency-Key reused",
                "This Idempotency-Key was already used with a different request body. Use a new key for a new request.");
        }

        try
        {
            return JsonSerializer.Deserialize<TResponse>(_protector.Unprotect(record.ResponseBody), Json);
        }
        catch (CryptographicException)
        {
            // The Data Protection keys that protected the first answer are gone (a lost key folder).
            throw new ConflictException("Idempotency-Key answer unreadable",
                "The first answer to this Idempotency-Key can no longer be read. The report was stored; use its receipt, or a new key for a new report.");
        }
    }

    /// <summary>
    /// Stores the first answer, in place of this caller's expired record under the same key if there is one. Expired
    /// records of others are left to <see cref="IdempotencyCleanupJob"/>.
    /// </summary>
    public async Task StoreAsync<TResponse>(Caller caller, string key, string requestHash, Guid reportId, TResponse response, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var scope = await scopeKey.ScopeAsync(session, caller, cancellationToken);
        await session.ExecuteAsync(DeleteOwnExpired, new { Scope = scope, Key = key, Now = now }, cancellationToken);
        try
        {
            await session.ExecuteAsync(Insert, new
            {
                Scope = scope,
                Key = key,
                RequestHash = requestHash,
                ReportId = reportId,
                ResponseBody = _protector.Protect(JsonSerializer.Serialize(response, Json)),
                Now = now,
                ExpiresAt = now + Lifetime,
            }, cancellationToken);
        }
        catch (System.Data.Common.DbException exception) when (session.Dialect.IsUniqueViolation(exception))
        {
            // Another request with the same key committed first; its transaction won.
            throw new ConflictException(ConflictTitles.IdempotencyKeyInUse,
                "A request with this Idempotency-Key was processed at the same time. Repeat the request to get its answer.");
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions();
        JsonSetup.Configure(options);
        return options;
    }

    private sealed class Record
    {
        public string RequestHash { get; init; } = "";
        public string ResponseBody { get; init; } = "";
        public DateTimeOffset ExpiresAt { get; init; }
    }
}
