using System.Security.Cryptography;

namespace LexHeller.Api.Features.Receipts;

/// <summary>
/// Receipt codes a person can read aloud (ADR 4): 20 characters of Crockford base32, 100 random bits, shown in
/// groups of five (<c>7KQ2M-X9DHT-0RWCE-5NBPA</c>). Reading is forgiving: any case, I and L read as 1, O as 0,
/// dashes and spaces anywhere or nowhere. Only the SHA-256 of the canonical form (20 upper-case characters, no
/// dashes) is stored. Codes made before issue 20 (22 characters of base64url, 128 bits, case-sensitive) are
/// still looked up by the SHA-256 of exactly what was typed.
/// </summary>
public static class ReceiptTokens
{
    /// <summary>Crockford's base32 alphabet: the digits and the letters without I, L, O and U.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Characters in a code: 20 × 5 = 100 random bits.</summary>
    public const int Length = 20;

    public const int GroupLength = 5;

    /// <summary>The longest text worth reading as a code: a grouped code with a space beside every dash.</summary>
    public const int MaxInputLength = 64;

    private const int LegacyLength = 22;

    /// <summary>A new code, grouped for reading: <c>XXXXX-XXXXX-XXXXX-XXXXX</c>.</summary>
    public static string Create() => Group(new string(RandomNumberGenerator.GetItems<char>(Alphabet, Length)));

    /// <summary>The hash stored for a code: SHA-256 (hex) of its canonical form.</summary>
    public static string Hash(string token) => HashOf(Canonical(token) ?? token);

    /// <summary>
    /// The code in canonical form (20 upper-case Crockford characters, no dashes), or null when
    /// <paramref name="token"/> is not a new-style code however it is read.
    /// </summary>
    public static string? Canonical(string? token)
    {
        if (token is null || token.Length > MaxInputLength)
            return null;

        Span<char> canonical = stackalloc char[Length];
        var count = 0;
        foreach (var ch in token)
        {
            if (ch is '-' || char.IsWhiteSpace(ch))
                continue;
            var read = char.ToUpperInvariant(ch) switch
            {
                'I' or 'L' => '1',
                'O' => '0',
                var upper => upper,
            };
            if (count == Length || !char.IsAsciiLetterOrDigit(read) || Alphabet.IndexOf(read, StringComparison.Ordinal) < 0)
                return null;
            canonical[count++] = read;
        }

        return count == Length ? new string(canonical) : null;
    }

    /// <summary>The code as a person reads it: the canonical form in groups of five.</summary>
    public static string Group(string canonical) =>
        string.Join('-', Enumerable.Range(0, canonical.Length / GroupLength).Select(i => canonical.Substring(i * GroupLength, GroupLength)));

    /// <summary>A code as it should be shown and linked: grouped when it is a new-style code, else exactly as given.</summary>
    public static string Display(string token) => Canonical(token) is { } canonical ? Group(canonical) : token;

    /// <summary>Whether <paramref name="token"/> has the form of a code, new or old.</summary>
    public static bool IsWellFormed(string? token) => Canonical(token) is not null || IsLegacy(token);

    /// <summary>
    /// The stored hashes <paramref name="token"/> may match: the new-style reading and the old one. Either may be
    /// null (then it matches nothing, as SQL compares with NULL); both are null for a malformed token.
    /// </summary>
    public static LookupHashes Lookup(string? token) => new(
        Canonical(token) is { } canonical ? HashOf(canonical) : null,
        IsLegacy(token) ? HashOf(token!) : null);

    /// <summary>The report a receipt token opens, or null for an unknown or malformed token.</summary>
    public static async Task<Guid?> FindReportAsync(DbSession session, string? token, CancellationToken cancellationToken)
    {
        var lookup = Lookup(token);
        if (!lookup.Any)
            return null;
        return await session.QuerySingleOrDefaultAsync<Guid?>(
            "SELECT report_id FROM receipts WHERE token_hash IN (@Canonical, @Legacy)", lookup, cancellationToken);
    }

    /// <summary>The two readings of a typed code, as query parameters <c>@Canonical</c> and <c>@Legacy</c>.</summary>
    public sealed record LookupHashes(string? Canonical, string? Legacy)
    {
        public bool Any => Canonical is not null || Legacy is not null;
    }

    /// <summary>An old code: 22 characters of base64url, case-sensitive, compared exactly.</summary>
    private static bool IsLegacy(string? token) =>
        token is { Length: LegacyLength } && token.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');

    private static string HashOf(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(text)));
}
