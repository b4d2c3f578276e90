using LexHeller.Api.Data.Resilience;
using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Infrastructure.Mail;
using LexHeller.Api.Tests.Notifications;
using LexHeller.Testing.Faults;
using Microsoft.Extensions.Logging;

namespace LexHeller.Api.Tests.Infrastructure.TransientFaults;

/// <summary>The background jobs run their reads again after a transient fault, and only their reads.</summary>
public sealed class TransientFaultJobTests : IAsyncLifetime
{
    // Only the dispatcher's look for due messages runs this.
    private const string SelectDueMessages = "ROW_NUMBER() OVER (ORDER BY next_attempt_at";

    private readonly FaultSource _faults = new() { RequestsOnly = false };
    private readonly LogCapture _logs = new();
    private readonly LexHellerApiFactory _factory;

    public TransientFaultJobTests() => _factory = FaultInjection.CreateFactory(_faults, _logs);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task The_outbox_dispatcher_reads_again_after_a_deadlock_and_sends_the_message_once()
    {
        var deadlock = _faults.Arm(FaultPoint.Command, 1205, times: 2, sql: SelectDueMessages);
        var id = await _factory.EnqueueAsync(OutboxTesting.Email("triage@hoglandet.example", "Ett test"));

        await _factory.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => _factory.AllSentAsync([id]), "the message is sent");

        Assert.Equal(2, deadlock.Thrown);
        Assert.Single(Directory.GetFiles(_factory.MailDirectory));
        Assert.Equal(0, (await _factory.RowAsync(id)).Attempts);
        var warnings = _logs.Of(typeof(DatabaseResilience).FullName!, LogLevel.Warning);
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, line => Assert.Equal("OutboxDispatcher.SelectDue", line.State["Operation"]));
        Assert.Empty(_logs.Of(typeof(OutboxDispatcher).FullName!, LogLevel.Error));
    }

    [Fact]
    public async Task A_send_whose_marking_fails_is_not_sent_again_in_the_same_pass()
    {
        var markFails = _faults.Arm(FaultPoint.Command, 1205, times: 1, sql: "SET sent_at = @SentAt");
        var id = await _factory.EnqueueAsync(OutboxTesting.Email("triage@hoglandet.example", "Ett test"));

        await _factory.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(markFails.Reached == 1 && _logs.Of(typeof(OutboxDispatcher).FullName!, LogLevel.Error).Count == 1),
            "the failed pass is logged");

        // The mail server has the message: the pass does not send it again, and no retry of the pass is logged
        // (the lease keeps later passes off it for a while; after that it is sent again: at least once, as documented).
        Assert.Single(Directory.GetFiles(_factory.MailDirectory));
        Assert.Empty(_logs.Of(typeof(DatabaseResilience).FullName!, LogLevel.Warning));
        Assert.Null((await _factory.RowAsync(id)).SentAt);
    }
}
