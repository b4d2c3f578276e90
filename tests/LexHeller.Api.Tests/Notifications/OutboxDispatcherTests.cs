using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Infrastructure.Mail;
using Microsoft.Extensions.Hosting;
using MimeKit;

namespace LexHeller.Api.Tests.Notifications;

/// <summary>
/// The dispatcher without an SMTP host: notifications become <c>.eml</c> files in the pickup
/// directory (the factory points it into its own temporary folder).
/// </summary>
public sealed class OutboxDispatcherTests
{
    private const string Recipient = "responder.fk@demo.lexheller.example";

    [Fact]
    public async Task Without_an_smtp_host_a_notification_becomes_an_eml_file_and_is_marked_sent()
    {
        await using var factory = new LexHellerApiFactory();
        const string subject = "Påminnelse: remiss om avvikelse LH-2026-00012 ska besvaras senast 2026-12-24";
        var id = await factory.EnqueueAsync(OutboxTesting.Email(Recipient, subject, "Hej!\n\nSvaret ska lämnas senast 2026-12-24."));

        await factory.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => factory.AllSentAsync([id]), "the message is sent");

        var file = Assert.Single(Directory.GetFiles(factory.MailDirectory));
        Assert.Equal($"{OutboxDispatcher.MessageIdFor(id)}.eml", Path.GetFileName(file));
        using var message = await MimeMessage.LoadAsync(file);
        Assert.Equal(subject, message.Subject);
        Assert.Equal(OutboxDispatcher.MessageIdFor(id), message.MessageId);
        Assert.Equal(Recipient, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("noreply@lexheller.example", Assert.Single(message.From.Mailboxes).Address);
        Assert.Contains("Svaret ska lämnas senast 2026-12-24.", message.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        var row = await factory.RowAsync(id);
        Assert.Equal(0, row.Attempts);
        Assert.Null(row.LeaseUntil);
    }

    [Fact]
    public void Retry_delays_start_at_ten_seconds_double_with_jitter_and_stop_at_an_hour()
    {
        Assert.InRange(OutboxDispatcher.RetryDelay(1, 0.0), TimeSpan.FromSeconds(7.99), TimeSpan.FromSeconds(8.01));
        Assert.InRange(OutboxDispatcher.RetryDelay(1, 0.999), TimeSpan.FromSeconds(11.9), TimeSpan.FromSeconds(12));
        Assert.InRange(OutboxDispatcher.RetryDelay(2, 0.5), TimeSpan.FromSeconds(19.99), TimeSpan.FromSeconds(20.01));
        Assert.InRange(OutboxDispatcher.RetryDelay(5, 0.5), TimeSpan.FromSeconds(159.99), TimeSpan.FromSeconds(160.01));
        Assert.Equal(TimeSpan.FromHours(1), OutboxDispatcher.RetryDelay(30, 0.999));
        Assert.Equal(TimeSpan.FromHours(1), OutboxDispatcher.RetryDelay(int.MaxValue, 0.5));
        Assert.InRange(OutboxDispatcher.RetryDelay(int.MaxValue, 0.0), TimeSpan.FromMinutes(47.9), TimeSpan.FromMinutes(48.1));
    }

    [Fact]
    public void The_error_kept_with_a_failed_message_names_no_address_and_is_one_line()
    {
        var refused = new MailKit.Net.Smtp.SmtpCommandException(MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted, MailKit.Net.Smtp.SmtpStatusCode.MailboxUnavailable,
            new MailboxAddress("", "Anna.Svensson@Nassjo.Example"),
            "5.1.1 <anna.svensson@nassjo.example>: Recipient address rejected:\r\nUser unknown (also tried anna@nassjo.example.)");

        var kept = MailErrors.Describe(refused, "anna.svensson@nassjo.example");

        Assert.DoesNotContain("nassjo", kept, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("anna", kept, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', kept);
        Assert.DoesNotContain('\r', kept);
        Assert.StartsWith("SmtpCommandException (550 RecipientNotAccepted): 5.1.1 <<address>>: Recipient address rejected: User unknown", kept, StringComparison.Ordinal);
        Assert.Equal(OutboxDispatcher.LastErrorMaxLength, MailErrors.Describe(new IOException(new string('x', 5000))).Length);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task Notifications_Enabled_switches_the_dispatcher_and_the_reminder_job(string? enabled, bool running)
    {
        await using var factory = new LexHellerApiFactory(settings: enabled is null
            ? null
            : new Dictionary<string, string?> { ["Notifications:Enabled"] = enabled });

        var hosted = factory.Services.GetServices<IHostedService>().ToList();

        Assert.Equal(running, hosted.OfType<OutboxDispatcher>().Any());
        Assert.Equal(running, hosted.OfType<ReferralReminderJob>().Any());
    }
}
