using System.Security.Cryptography;
using System.Text;

namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// The dedup key of an outbox message (<c>outbox_messages.dedup_key</c>, at most <see cref="MaxLength"/>
/// characters on both engines): <c>{kind}:{event}:{recipient}</c> as it always was when that fits, so that a
/// message queued before keys were bounded is still found when it is asked for again; else the recipient is
/// replaced by <c>sha256:</c> and the SHA-256 of its normalised address (64 lower-case hex digits), and should
/// even that not fit (a pattern's key names its category and party kinds), the event and the recipient are
/// hashed together. Every key is therefore at most <see cref="MaxLength"/> characters, whatever the address
/// (up to 320 characters) or the event.
/// </summary>
public static class OutboxKeys
{
    /// <summary>The length of <c>outbox_messages.dedup_key</c> (NVARCHAR(200) on SQL Server).</summary>
    public const int MaxLength = 200;

    /// <summary>What stands for a hashed recipient (or event and recipient) in a key.</summary>
    public const string HashPrefix = "sha256:";

    public static string For(string kind, string eventKey, string recipient)
    {
        // A kind fits its column (50), so "{kind}:sha256:{64 hex digits}" (at most 122) always fits the key's.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(kind.Length, Outbox.KindMaxLength, nameof(kind));
        var plain = $"{kind}:{eventKey}:{recipient}";
        if (plain.Length <= MaxLength)
            return plain;

        var normalised = Normalise(recipient);
        var hashedRecipient = $"{kind}:{eventKey}:{HashPrefix}{Sha256Hex(normalised)}";
        return hashedRecipient.Length <= MaxLength
            ? hashedRecipient
            : $"{kind}:{HashPrefix}{Sha256Hex($"{eventKey}\n{normalised}")}";
    }

    /// <summary>
    /// The bounded key of a message queued under a key too long for the column (a SQLite database keeps any
    /// length): <see cref="For"/> of its parts when the key reads as <c>{kind}:{event}:{recipient}</c>, else
    /// the kind and the SHA-256 of the whole key.
    /// </summary>
    public static string Bounded(string dedupKey, string kind, string recipient)
    {
        if (dedupKey.Length <= MaxLength)
            return dedupKey;
        var prefix = kind + ":";
        var suffix = ":" + recipient;
        if (kind.Length <= Outbox.KindMaxLength && dedupKey.Length > prefix.Length + suffix.Length
            && dedupKey.StartsWith(prefix, StringComparison.Ordinal) && dedupKey.EndsWith(suffix, StringComparison.Ordinal))
            return For(kind, dedupKey[prefix.Length..^suffix.Length], recipient);
        var safeKind = kind.Length <= Outbox.KindMaxLength ? kind : "legacy";
        return $"{safeKind}:{HashPrefix}{Sha256Hex(dedupKey)}";
    }

    /// <summary>An address as users are keyed: without the spaces around it, lower case.</summary>
    private static string Normalise(string recipient) => recipient.Trim().ToLowerInvariant();

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
