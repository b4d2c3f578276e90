using System.Globalization;
using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Infrastructure.Mail;
using Microsoft.Extensions.Logging;

namespace LexHeller.Api.Tests.Notifications;

/// <summary>Delivery to a real SMTP server that the test starts, stops (an outage) and starts again.</summary>
public sealed class SmtpDeliveryTests
{
    [Fact]
    public async Task Mail_queued_during_an_smtp_outage_is_delivered_when_the_server_is_back_and_nothing_twice()
    {
        if (SmtpSink.Unavailable() is { } reason)
            Assert.Skip(reason);

        await using var sink = new SmtpSink();
        await sink.StartAsync();
        await using var factory = SendingTo(sink);

        Guid[] beforeOutage =
        [
            await factory.EnqueueAsync(OutboxTesting.Email("responder.fk@demo.lexheller.example", "Remiss om avvikelse LH-2026-00001")),
            await factory.EnqueueAsync(OutboxTesting.Email("responder.af@demo.lexheller.example", "Remiss om avvikelse LH-2026-00002")),
        ];
        await factory.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => factory.AllSentAsync(beforeOutage), "the first messages are sent");

        Assert.Equal(MessageIds(beforeOutage), sink.Received().Select(message => message.MessageId).Order());
        Assert.Equal(["responder.af@demo.lexheller.example", "responder.fk@demo.lexheller.example"],
            sink.Received().SelectMany(message => message.Recipients).Order());

        await sink.StopAsync();
        Guid[] duringOutage =
        [
            await factory.EnqueueAsync(OutboxTesting.Email("responder.fk@demo.lexheller.example", "Påminnelse: remiss om avvikelse LH-2026-00001")),
            await factory.EnqueueAsync(OutboxTesting.Email("responder.region@demo.lexheller.example", "Remiss om avvikelse LH-2026-00003")),
            await factory.EnqueueAsync(OutboxTesting.Email("reporter@demo.lexheller.example", "Din avvikelse LH-2026-00003 har remitterats")),
        ];
        await factory.AdvanceUntilAsync(TimeSpan.FromSeconds(1), async () =>
        {
            foreach (var id in duringOutage)
            {
                if ((await factory.RowAsync(id)).Attempts == 0)
                    return false;
            }

            return true;
        }, "every message queued during the outage has been tried");

        foreach (var id in duringOutage)
        {
            var row = await factory.RowAsync(id);
            Assert.Null(row.SentAt);
            Assert.True(row.Attempts > 0);
            Assert.False(string.IsNullOrWhiteSpace(row.LastError));
        }

        Assert.Equal(beforeOutage.Length, sink.Received().Count);

        await sink.StartAsync();
        await factory.AdvanceUntilAsync(TimeSpan.FromSeconds(10), () => factory.AllSentAsync(duringOutage), "the queued messages are sent");

        Assert.Equal(MessageIds([.. beforeOutage, .. duringOutage]), sink.Received().Select(message => message.MessageId).Order());
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_ends_dead_after_max_attempts_with_the_refusal_kept_and_logged_without_the_address()
    {
        if (SmtpSink.Unavailable() is { } reason)
            Assert.Skip(reason);

        const string Refused = "refused.contact@kommun.example";
        using var logs = new LogCapture();
        await using var sink = new SmtpSink();
        await sink.StartAsync();
        await using var factory = SendingTo(sink, maxAttempts: 2, logs);

        var refused = await factory.EnqueueAsync(OutboxTesting.Email(Refused, "Remiss om avvikelse LH-2026-00007"));
        var accepted = await factory.EnqueueAsync(OutboxTesting.Email("responder.fk@demo.lexheller.example", "Remiss om avvikelse LH-2026-00008"));
        await factory.AdvanceUntilAsync(TimeSpan.FromSeconds(10), async () => (await factory.RowAsync(refused)).DeadAt is not null, "the refused message is dead");
        factory.Clock.Advance(TimeSpan.FromHours(3));
        await factory.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => factory.AllSentAsync([accepted]), "the other message is sent");

        var row = await factory.RowAsync(refused);
        Assert.Equal(2, row.Attempts);
        Assert.Null(row.SentAt);
        Assert.StartsWith("SmtpCommandException (550 RecipientNotAccepted): ", row.LastError, StringComparison.Ordinal);
        Assert.Contains("Recipient address rejected", row.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("refused.contact", row.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("kommun.example", row.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(MessageIds([accepted]), sink.Received().Select(message => message.MessageId));
        var dead = Assert.Single(logs.Of(typeof(OutboxDispatcher).FullName!, LogLevel.Error));
        Assert.Contains("is dead", dead.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, line => line.Message.Contains("refused.contact", StringComparison.OrdinalIgnoreCase)
            || line.State.Values.Any(value => value?.ToString()?.Contains("refused.contact", StringComparison.OrdinalIgnoreCase) == true));
    }

    /// <summary>The service with mail going to <paramref name="sink"/> over plain SMTP.</summary>
    private static LexHellerApiFactory SendingTo(SmtpSink sink, int? maxAttempts = null, LogCapture? logs = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:Smtp:UseStartTls"] = "false",
        };
        if (maxAttempts is { } attempts)
            settings["Notifications:MaxAttempts"] = attempts.ToString(CultureInfo.InvariantCulture);
        return new LexHellerApiFactory(settings: settings, services: services =>
        {
            if (logs is not null)
                services.AddSingleton<ILoggerProvider>(logs);
        });
    }

    private static IEnumerable<string> MessageIds(IEnumerable<Guid> outboxIds) =>
        outboxIds.Select(id => $"<{OutboxDispatcher.MessageIdFor(id)}>").Order();
}
