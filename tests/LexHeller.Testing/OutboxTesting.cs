using System.Diagnostics;
using LexHeller.Api.Features.Notifications;

namespace LexHeller.Testing;

/// <summary>What the notification tests share: queueing through the real outbox, reading it back, and waiting for the jobs.</summary>
public static class OutboxTesting
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Queues <paramref name="email"/> the way a command does, in a transaction of its own; returns the outbox id.</summary>
    public static async Task<Guid> EnqueueAsync(this LexHellerApiFactory factory, OutgoingEmail email)
    {
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginTransactionAsync(CancellationToken.None);
            Assert.True(await Outbox.EnqueueAsync(session, email, factory.Clock.GetUtcNow(), CancellationToken.None));
            await session.CommitAsync(CancellationToken.None);
        }

        return await factory.ScalarAsync<Guid>("SELECT id FROM outbox_messages WHERE dedup_key = @DedupKey", new { email.DedupKey });
    }

    public static OutgoingEmail Email(string recipient, string subject, string body = "Hej!\n\nDetta är ett test.", Guid? associationId = null) =>
        new($"test:{Guid.NewGuid():N}:{recipient}", "test", null, recipient, subject, body, associationId);

    /// <summary>
    /// Queues a message of the association to a party's contact and marks it dead as the dispatcher's last failed
    /// attempt does, for tests of who may read and retry dead letters (the dispatcher's way there is a contract test).
    /// </summary>
    public static async Task<Guid> EnqueueDeadAsync(this LexHellerApiFactory factory, string associationCode, string recipient = "kontakt@part.example",
        string subject = "Remiss om avvikelse")
    {
        var associationId = await factory.ScalarAsync<Guid>("SELECT id FROM associations WHERE code = @Code", new { Code = associationCode });
        var id = await factory.EnqueueAsync(Email(recipient, subject, associationId: associationId));
        await factory.ExecuteAsync("UPDATE outbox_messages SET attempts = 10, last_error = 'IOException: refused', dead_at = @Now WHERE id = @Id",
            new { Id = id, Now = factory.Clock.GetUtcNow() });
        return id;
    }

    public static async Task<OutboxRow> RowAsync(this LexHellerApiFactory factory, Guid id) =>
        (await factory.QueryAsync<OutboxRow>("""
            SELECT id, attempts, last_error, next_attempt_at, lease_until, sent_at, dead_at FROM outbox_messages WHERE id = @Id
            """, new { Id = id })).Single();

    public static async Task<bool> AllSentAsync(this LexHellerApiFactory factory, IEnumerable<Guid> ids)
    {
        foreach (var id in ids)
        {
            if ((await factory.RowAsync(id)).SentAt is null)
                return false;
        }

        return true;
    }

    /// <summary>
    /// Waits, in real time, until <paramref name="condition"/> holds; moves the service's clock by
    /// <paramref name="step"/> between looks, so that polling, retry delays and back-offs come due.
    /// </summary>
    public static Task AdvanceUntilAsync(this LexHellerApiFactory factory, TimeSpan step, Func<Task<bool>> condition, string what) =>
        WaitAsync(factory, () => factory.Clock.Advance(step), condition, what);

    /// <summary>Waits, in real time and with the clock standing still, until <paramref name="condition"/> holds.</summary>
    public static Task EventuallyAsync(this LexHellerApiFactory factory, Func<Task<bool>> condition, string what) =>
        WaitAsync(factory, () => { }, condition, what);

    private static async Task WaitAsync(LexHellerApiFactory factory, Action betweenLooks, Func<Task<bool>> condition, string what)
    {
        var started = Stopwatch.StartNew();
        while (!await condition())
        {
            if (started.Elapsed > Patience)
                Assert.Fail($"Gave up waiting until {what} (the clock is at {factory.Clock.GetUtcNow():O}).");
            betweenLooks();
            await Task.Delay(50);
        }
    }

    public sealed class OutboxRow
    {
        public Guid Id { get; init; }
        public int Attempts { get; init; }
        public string? LastError { get; init; }
        public DateTimeOffset NextAttemptAt { get; init; }
        public DateTimeOffset? LeaseUntil { get; init; }
        public DateTimeOffset? SentAt { get; init; }

        public DateTimeOffset? DeadAt { get; init; }
    }
}
