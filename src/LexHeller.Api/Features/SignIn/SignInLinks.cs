using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace LexHeller.Api.Features.SignIn;

/// <summary>A usable link's holder: the address it signs in, and where to go afterwards.</summary>
public sealed record SignInLink(string Email, string? ReturnUrl);

/// <summary>
/// The one-time sign-in links (table <c>sign_in_links</c>): 256 random bits each, given to the user once (in the
/// mail) and kept only as their SHA-256, valid until their expiry and used up by the first sign-in. Making a link
/// happens outside any request, each statement committed on its own; using one up is a conditional UPDATE in the
/// command's transaction, which only one of two racing sign-ins can win.
/// </summary>
public static class SignInLinks
{
    /// <summary>How long a used or expired link is kept before it is deleted (for the investigation of a complaint).</summary>
    public static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromDays(1);

    /// <summary>The longest token taken in: a made one is 43 characters (base64url of 32 bytes).</summary>
    private const int TokenMaxLength = 64;

    private const string Insert = """
        INSERT INTO sign_in_links (token_hash, email, return_url, created_at, expires_at)
        VALUES (@TokenHash, @Email, @ReturnUrl, @Now, @ExpiresAt)
        """;

    private const string DeleteOld = "DELETE FROM sign_in_links WHERE expires_at < @Cutoff";

    private const string SelectUsable = """
        SELECT email AS Email, return_url AS ReturnUrl FROM sign_in_links
        WHERE token_hash = @TokenHash AND used_at IS NULL AND expires_at > @Now
        """;

    private const string UseUp = """
        UPDATE sign_in_links SET used_at = @Now
        WHERE token_hash = @TokenHash AND used_at IS NULL AND expires_at > @Now
        """;

    /// <summary>Makes a link for <paramref name="email"/> (lower-cased) and returns its token, which is stored nowhere.</summary>
    public static async Task<string> CreateAsync(DbSession session, string email, string? returnUrl, DateTimeOffset now, TimeSpan lifetime,
        CancellationToken cancellationToken)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        await session.ExecuteOutsideTransactionAsync(DeleteOld, new { Cutoff = now - KeptAfterExpiry }, cancellationToken);
        await session.ExecuteOutsideTransactionAsync(Insert, new
        {
            TokenHash = Hash(token),
            Email = email.Trim().ToLowerInvariant(),
            ReturnUrl = returnUrl,
            Now = now,
            ExpiresAt = now + lifetime,
        }, cancellationToken);
        return token;
    }

    /// <summary>The link's holder if <paramref name="token"/> is a link that is neither used nor expired; changes nothing.</summary>
    public static async Task<SignInLink?> FindUsableAsync(DbSession session, string? token, DateTimeOffset now, CancellationToken cancellationToken) =>
        IsPlausible(token)
            ? await session.QuerySingleOrDefaultAsync<SignInLink>(SelectUsable, new { TokenHash = Hash(token!), Now = now }, cancellationToken)
            : null;

    /// <summary>
    /// Uses the link up, in the open transaction, and returns its holder; null when it is unknown, expired or used
    /// already (also by a sign-in racing this one).
    /// </summary>
    public static async Task<SignInLink?> UseAsync(DbSession session, string? token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FindUsableAsync(session, token, now, cancellationToken) is not { } link)
            return null;

        var used = await session.ExecuteAsync(UseUp, new { TokenHash = Hash(token!), Now = now }, cancellationToken);
        return used == 1 ? link : null;
    }

    /// <summary>The SHA-256 of the token, as 64 lower-case hex digits: what the table keeps.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static bool IsPlausible(string? token) =>
        !string.IsNullOrEmpty(token) && token.Length <= TokenMaxLength && token.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');
}
