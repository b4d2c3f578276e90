using System.Diagnostics;
using System.Text.RegularExpressions;
using LexHeller.Api.Features.SignIn;
using MimeKit;

namespace LexHeller.Testing;

/// <summary>The one-time sign-in links the service mails: found in the factory's pickup directory, or in any mail's text.</summary>
public static partial class SignInMail
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The sign-in mails written to <paramref name="factory"/>'s pickup directory for <paramref name="address"/>.</summary>
    public static IReadOnlyList<MimeMessage> To(LexHellerApiFactory factory, string address) =>
        Directory.Exists(factory.MailDirectory)
            ? [.. Directory.GetFiles(factory.MailDirectory, "*.eml")
                .Select(path => MimeMessage.Load(path))
                .Where(message => message.Subject == EmailSignInMailer.Subject
                    && message.To.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, address, StringComparison.OrdinalIgnoreCase)))]
            : [];

    /// <summary>Waits, in real time, until <paramref name="count"/> sign-in mails for <paramref name="address"/> are there; returns them.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> WaitForAsync(LexHellerApiFactory factory, string address, int count = 1)
    {
        var started = Stopwatch.StartNew();
        while (To(factory, address) is var mails && mails.Count < count)
        {
            if (started.Elapsed > Patience)
                Assert.Fail($"Gave up waiting for {count} sign-in mails to {address}; {mails.Count} came.");
            await Task.Delay(50);
        }

        return To(factory, address);
    }

    /// <summary>The path of the one sign-in link in <paramref name="text"/> (<c>/logga-in/lank/TOKEN</c>).</summary>
    public static string LinkPath(string text)
    {
        var links = Link().Matches(text);
        Assert.True(links.Count == 1, $"Expected one sign-in link in the mail, found {links.Count}: {text}");
        return links[0].Groups[1].Value;
    }

    /// <summary>The path of the sign-in link in <paramref name="message"/>'s plain text.</summary>
    public static string LinkPath(MimeMessage message) => LinkPath(message.TextBody ?? "");

    [GeneratedRegex(@"https?://[^\s/]+(/logga-in/lank/[A-Za-z0-9_-]+)")]
    private static partial Regex Link();
}
