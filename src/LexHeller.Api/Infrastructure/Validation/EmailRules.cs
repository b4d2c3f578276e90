using System.Text;
using MimeKit;

namespace LexHeller.Api.Infrastructure.Validation;

/// <summary>
/// The one rule for an e-mail address that comes in (a reporter's contact, a steering group's member, a
/// party's contact person): a bare address (RFC 5322 addr-spec, <c>namn@kommun.se</c>), never a display name
/// with the address in angle brackets (<c>Namn &lt;namn@kommun.se&gt;</c>), a group, a comment or a list, since
/// every field that takes one holds an address and nothing else. It must parse with MimeKit as one mailbox
/// that is exactly the text given; it has no white space, control characters (no CR/LF: a header cannot be
/// smuggled in) or invisible characters; the local part is a dot-atom (no quoted local parts), at most 64
/// octets in UTF-8; the domain is a host name of at least two labels (no IP literals); the whole is at most
/// 254 octets (RFC 5321's path limit). International addresses (RFC 6531, <c>åsa.öberg@kommun.se</c>,
/// <c>info@båstad.se</c>) are accepted: MailKit sends them with SMTPUTF8 and the domain as IDNA.
/// </summary>
public static class EmailRules
{
    public const string ErrorCode = "EmailAddress";

    /// <summary>The longest address, in characters (and in UTF-8 octets).</summary>
    public const int MaxLength = 254;

    /// <summary>The longest local part (before the at-sign), in UTF-8 octets.</summary>
    public const int LocalPartMaxLength = 64;

    private const int LabelMaxLength = 63;

    private static readonly ParserOptions Strict = CreateParserOptions();

    /// <summary>
    /// Spaces typed around an address are dropped; anything else (a tab, a line break) is left for the rule to
    /// refuse, so that an address with CR/LF is never quietly cut to a valid one.
    /// </summary>
    public static string? Normalize(string? text) => text?.Trim(' ');

    /// <summary>
    /// An address as <see cref="IsBareAddress"/> says, at most <see cref="MaxLength"/> characters. Null or empty
    /// passes: a field that needs an address says so with <c>NotEmpty()</c> before this rule.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> BareEmailAddress<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(MaxLength)
            .Must(text => string.IsNullOrEmpty(text) || IsBareAddress(text))
            .WithMessage("'{PropertyName}' must be one e-mail address such as name@example.se: no display name, spaces, line breaks or control characters, "
                + $"at most {LocalPartMaxLength} characters before the '@' and {MaxLength} in all.")
            .WithErrorCode(ErrorCode);

    /// <summary>Whether <paramref name="text"/> is one bare, deliverable-looking address and nothing else.</summary>
    public static bool IsBareAddress(string text)
    {
        if (text.Length == 0 || text.Length > MaxLength || Encoding.UTF8.GetByteCount(text) > MaxLength)
            return false;
        if (text.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch) || ch == '"'
                || CharUnicodeInfo.GetUnicodeCategory(ch) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark))
            return false;

        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
            return false;
        if (Encoding.UTF8.GetByteCount(text.AsSpan(0, at)) > LocalPartMaxLength || !IsHostName(text[(at + 1)..]))
            return false;

        return MailboxAddress.TryParse(Strict, text, out var mailbox)
            && string.IsNullOrEmpty(mailbox.Name)
            && mailbox.Route.Count == 0
            && string.Equals(mailbox.Address, text, StringComparison.Ordinal);
    }

    /// <summary>Labels of letters (any script), digits and inner hyphens, at most 63 characters each, at least two of them.</summary>
    private static bool IsHostName(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(label =>
            label.Length is > 0 and <= LabelMaxLength
            && label[0] != '-' && label[^1] != '-'
            && label.All(ch => char.IsLetterOrDigit(ch) || ch == '-'));
    }

    private static ParserOptions CreateParserOptions()
    {
        var options = ParserOptions.Default.Clone();
        options.AddressParserComplianceMode = RfcComplianceMode.Strict;
        options.AllowAddressesWithoutDomain = false;
        options.AllowUnquotedCommasInAddresses = false;
        return options;
    }
}
