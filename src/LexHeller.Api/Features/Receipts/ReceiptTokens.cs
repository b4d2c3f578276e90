using System.Security.Cryptography;

namespace LexHeller.Api.Features.Receipts;

/// <summary>Receipt tokens: 128 random bits, base64url; only their SHA-256 is stored.</summary>
public static class ReceiptTokens
{
    public static string Create() => Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> has the form of a token (22 base64url characters).</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: 22 } && token.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
