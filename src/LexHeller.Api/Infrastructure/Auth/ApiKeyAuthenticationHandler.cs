using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using LexHeller.Api.Data.Resilience;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LexHeller.Api.Infrastructure.Auth;

/// <summary>
/// Authenticates integration partners by the <c>X-Api-Key</c> header. Keys are looked up by their
/// SHA-256; a revoked key stops working at once because every request reads the row.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DbSession session,
    DatabaseResilience resilience,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private const string FindClient = """
        SELECT id, association_id, party_id, name, last_used_at
        FROM api_clients
        WHERE key_hash = @KeyHash AND revoked_at IS NULL
        """;

    /// <summary>Last use is kept to this precision: at most one write per key and interval, not one per request.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    private const string MarkUsed = """
        UPDATE api_clients SET last_used_at = @Now
        WHERE id = @Id AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at <= @StaleBefore)
        """;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
            return AuthenticateResult.NoResult();

        var key = values.ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
            return AuthenticateResult.Fail("The API key is malformed.");

        // Safe to run again after a transient fault: a read, and a conditional write of the same instant.
        var client = await resilience.ExecuteAsync("ApiKeyAuthentication", ct => FindAndMarkUsedAsync(key, ct), Context.RequestAborted);
        if (client is null)
            return AuthenticateResult.Fail("The API key is unknown or revoked.");

        var identity = new ClaimsIdentity(
            [
                new Claim(AuthClaims.ApiClientId, client.Id.ToString("D")),
                new Claim(AuthClaims.ApiClientName, client.Name),
                new Claim(AuthClaims.AssociationId, client.AssociationId.ToString("D")),
                new Claim(AuthClaims.PartyId, client.PartyId.ToString("D")),
                new Claim(AuthClaims.Role, Roles.IntegrationPartner),
            ],
            SchemeName, AuthClaims.ApiClientName, AuthClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // On the request's session, before any transaction of the request: the last use is bookkeeping, committed on its own.
    private async ValueTask<ApiClientRow?> FindAndMarkUsedAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var client = await session.QuerySingleOrDefaultAsync<ApiClientRow>(
                FindClient, new { KeyHash = HashKey(key) }, cancellationToken);

            // Written only when the recorded use is stale, so that most requests do not write at all.
            var now = time.GetUtcNow();
            if (client is not null && (client.LastUsedAt is not { } lastUsed || lastUsed <= now - LastUsedPrecision))
            {
                await session.ExecuteOutsideTransactionAsync(MarkUsed,
                    new { client.Id, Now = now, StaleBefore = now - LastUsedPrecision }, cancellationToken);
            }

            return client;
        }
        catch
        {
            // The next attempt opens a new connection: after a transient fault the old one may be broken.
            await session.ResetAsync();
            throw;
        }
    }

    public static string HashKey(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private sealed class ApiClientRow
    {
        public Guid Id { get; init; }
        public Guid AssociationId { get; init; }
        public Guid PartyId { get; init; }
        public string Name { get; init; } = "";
        public DateTimeOffset? LastUsedAt { get; init; }
    }
}
