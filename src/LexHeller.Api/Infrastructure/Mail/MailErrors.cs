using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using Polly.CircuitBreaker;

namespace LexHeller.Api.Infrastructure.Mail;

/// <summary>
/// A failed send in words that may be kept and shown: the outbox's <c>last_error</c>, the administrators' list of
/// dead notifications and the log. A mail server's reply often quotes the address it refused, and a reporter's
/// address is sealed everywhere else, so every address is replaced by <see cref="AddressPlaceholder"/>.
/// </summary>
public static partial class MailErrors
{
    /// <summary>The longest description kept.</summary>
    public const int MaxLength = 1000;

    /// <summary>What stands for an address in a description.</summary>
    public const string AddressPlaceholder = "<address>";

    /// <summary>
    /// The exception's type (with the SMTP status and error code) and message, with each of <paramref name="recipients"/>
    /// and anything else shaped like an address replaced, on one line, at most <see cref="MaxLength"/> characters.
    /// </summary>
    public static string Describe(Exception exception, params string?[] recipients)
    {
        var text = exception is BrokenCircuitException { InnerException: { } cause }
            ? $"{Name(cause)}: {cause.Message} (delivery paused after repeated failures)"
            : $"{Name(exception)}: {exception.Message}";
        return Sanitise(text, recipients);
    }

    /// <summary><paramref name="text"/> without addresses, on one line, at most <see cref="MaxLength"/> characters.</summary>
    public static string Sanitise(string? text, params string?[] recipients)
    {
        text ??= "";
        foreach (var recipient in recipients)
        {
            // Not a recipient that is no address: the outbox's stand-in for a reporter's sealed address ("reporter").
            if (!string.IsNullOrEmpty(recipient) && recipient.Contains('@', StringComparison.Ordinal))
                text = text.Replace(recipient, AddressPlaceholder, StringComparison.OrdinalIgnoreCase);
        }

        text = AddressLike().Replace(text, AddressPlaceholder);
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }

    private static string Name(Exception exception) => exception is SmtpCommandException smtp
        ? $"{exception.GetType().Name} ({(int)smtp.StatusCode} {smtp.ErrorCode})"
        : exception.GetType().Name;

    [GeneratedRegex(@"[^\s<>()\[\],;:""']+@[^\s<>()\[\],;:""']+")]
    private static partial Regex AddressLike();
}
