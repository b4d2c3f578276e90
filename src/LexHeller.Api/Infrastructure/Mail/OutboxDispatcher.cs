using Dapper;
using LexHeller.Api.Data.Resilience;
using LexHeller.Api.Infrastructure.Jobs;
using MimeKit;
using MimeKit.Text;
using Polly.CircuitBreaker;

namespace LexHeller.Api.Infrastructure.Mail;

/// <summary>
/// Sends what the outbox holds, at least once and never losing a message. Each due message is
/// claimed with a lease by a conditional UPDATE (so several instances can share the outbox), sent,
/// and marked sent, each step committed on its own (outside any transaction). A failure counts an attempt, keeps the error and schedules the next try with a
/// growing, jittered delay, until the <see cref="NotificationOptions.MaxAttempts"/>th failure marks it dead
/// (a dead letter: kept with its last error, listed for administrators, never tried again unless one sends
/// it back). The Message-ID is derived from the outbox id, so a message sent twice (a crash between sending
/// and marking) is recognisable downstream. The address and the body as sent come from
/// <see cref="IOutboxAddressing"/>, the use cases' side (a reporter's sealed contact is opened once per attempt,
/// and that opening logged once, after the claim); the error kept is stripped of addresses.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    DatabaseResilience resilience,
    EmailDelivery delivery,
    IOutboxAddressing addressing,
    NotificationOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<OutboxDispatcher> logger) : PeriodicJob(time, lifetime, logger)
{
    public const int LastErrorMaxLength = MailErrors.MaxLength;
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    private const string SelectDue = """
        SELECT id, kind, report_id, recipient, subject, body, link_path, attempts, created_at
        FROM (
            SELECT id, kind, report_id, recipient, subject, body, link_path, attempts, created_at,
                   ROW_NUMBER() OVER (ORDER BY next_attempt_at, id) AS position
            FROM outbox_messages
            WHERE sent_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL
              AND next_attempt_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
        ) due
        WHERE position <= @BatchSize
        ORDER BY position
        """;

    private const string Claim = """
        UPDATE outbox_messages SET lease_until = @LeaseUntil
        WHERE id = @Id AND sent_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL
          AND next_attempt_at <= @Now AND (lease_until IS NULL OR lease_until < @Now)
        """;

    private const string Cancel = """
        UPDATE outbox_messages SET cancelled_at = @Now, last_error = @Reason, lease_until = NULL
        WHERE id = @Id AND sent_at IS NULL AND lease_until = @LeaseUntil
        """;

    private const string MarkSent = "UPDATE outbox_messages SET sent_at = @SentAt, lease_until = NULL WHERE id = @Id AND sent_at IS NULL";

    // Only while the lease is still ours: past it, another instance may be sending the message.
    // @DeadAt is set on the attempt that reaches MaxAttempts: the message is then a dead letter.
    private const string RecordFailure = """
        UPDATE outbox_messages
        SET attempts = attempts + 1, last_error = @LastError, next_attempt_at = @NextAttemptAt, dead_at = @DeadAt, lease_until = NULL
        WHERE id = @Id AND sent_at IS NULL AND lease_until = @LeaseUntil
        """;

    private readonly MailboxAddress _from = MailboxAddress.Parse(options.Smtp.From);

    protected override TimeSpan Interval => options.PollInterval;

    /// <summary>The Message-ID of an outbox message: the same for every attempt, so duplicates can be found.</summary>
    public static string MessageIdFor(Guid outboxId) => $"{outboxId:D}@lexheller";

    /// <summary>
    /// The wait after the <paramref name="attempts"/>th failure: 10 s doubling up to an hour, spread by
    /// ±20 % (<paramref name="jitter"/> in [0, 1)) so that messages that failed together do not retry together.
    /// </summary>
    public static TimeSpan RetryDelay(int attempts, double jitter)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var exponential = Math.Min(FirstRetryDelay.TotalSeconds * Math.Pow(2, doublings), MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(Math.Min(exponential * (0.8 + 0.4 * jitter), MaxRetryDelay.TotalSeconds));
    }

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (delivery.IsPaused)
        {
            Logger.LogDebug("Mail delivery is paused; outbox messages wait");
            return false;
        }

        // Only the read is run again after a transient fault: claiming, sending and marking are not, since
        // a send that is repeated is a duplicate e-mail. A claim or mark that fails is the next pass's business.
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var due = await resilience.ExecuteAsync("OutboxDispatcher.SelectDue", async ct =>
        {
            try
            {
                return (await session.QueryAsync<OutboxMessage>(SelectDue,
                    new { Now = Time.GetUtcNow(), options.BatchSize }, ct)).AsList();
            }
            catch
            {
                // The next attempt opens a new connection: after a transient fault the old one may be broken.
                await session.ResetAsync();
                throw;
            }
        }, cancellationToken);
        foreach (var row in due)
        {
            if (!await DispatchAsync(session, row, cancellationToken))
                return false;
        }

        return due.Count == options.BatchSize;
    }

    /// <summary>Sends one message if it can be claimed; false when delivery is paused and the pass should stop.</summary>
    private async Task<bool> DispatchAsync(DbSession session, OutboxMessage row, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var leaseUntil = now + options.LeaseDuration;
        var claimed = await session.ExecuteOutsideTransactionAsync(Claim,
            new { row.Id, Now = now, LeaseUntil = leaseUntil }, cancellationToken);
        if (claimed != 1)
            return true;

        // The claim is this attempt: the recipient is addressed once in it, here (a reporter's contact is opened
        // and the opening logged), and a failure to address it counts as a failed attempt like a failure to send.
        var recipient = row.Recipient;
        try
        {
            if (await addressing.AddressAsync(session, row, now, Logger, cancellationToken) is not { } addressed)
            {
                await session.ExecuteOutsideTransactionAsync(Cancel, new
                {
                    row.Id,
                    LeaseUntil = leaseUntil,
                    Now = Time.GetUtcNow(),
                    Reason = "Not sent: the reporter's contact was purged or has no e-mail address.",
                }, CancellationToken.None);
                Logger.LogInformation("Outbox message {OutboxId} ({Kind}) cancelled: the reporter's contact is gone", row.Id, row.Kind);
                return true;
            }

            recipient = addressed.Address;
            await delivery.SendAsync(Compose(row, addressed), cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var attempts = row.Attempts + 1;
            var delay = RetryDelay(attempts, Random.Shared.NextDouble());
            if (exception is BrokenCircuitException { RetryAfter: { } retryAfter } && retryAfter > delay)
                delay = retryAfter;
            var failedAt = Time.GetUtcNow();
            var nextAttemptAt = failedAt + delay;
            DateTimeOffset? deadAt = attempts >= options.MaxAttempts ? failedAt : null;
            // Logged as kept, without the exception: a mail server's reply (its message) may quote the address.
            var lastError = MailErrors.Describe(exception, row.Recipient, recipient);
            await session.ExecuteOutsideTransactionAsync(RecordFailure,
                new { row.Id, LeaseUntil = leaseUntil, LastError = lastError, NextAttemptAt = nextAttemptAt, DeadAt = deadAt },
                CancellationToken.None);
            if (deadAt is null)
            {
                Logger.LogWarning("Outbox message {OutboxId} ({Kind}) failed on attempt {Attempt} ({Error}); next attempt at {NextAttemptAt}",
                    row.Id, row.Kind, attempts, lastError, nextAttemptAt);
            }
            else
            {
                Logger.LogError("Outbox message {OutboxId} ({Kind}) failed on attempt {Attempt} of {MaxAttempts} ({Error}) and is dead: it is not tried again",
                    row.Id, row.Kind, attempts, options.MaxAttempts, lastError);
            }

            return !delivery.IsPaused;
        }

        // Recorded even while the host stops: the mail server has the message, and sending it again would duplicate it.
        await session.ExecuteOutsideTransactionAsync(MarkSent, new { row.Id, SentAt = Time.GetUtcNow() },
            CancellationToken.None);
        Logger.LogInformation("Outbox message {OutboxId} ({Kind}) sent after {FailedAttempts} failed attempts", row.Id, row.Kind, row.Attempts);
        return true;
    }

    /// <summary>The message as sent: the plain text, and the same text as HTML with its links clickable (multipart/alternative).</summary>
    private MimeMessage Compose(OutboxMessage row, AddressedMessage addressed)
    {
        var message = new MimeMessage
        {
            MessageId = MessageIdFor(row.Id),
            Date = row.CreatedAt,
            Subject = row.Subject,
            Body = new MultipartAlternative
            {
                new TextPart(TextFormat.Plain) { Text = addressed.Body },
                new TextPart(TextFormat.Html) { Text = MailHtml.FromPlainText(addressed.Body, row.Subject) },
            },
        };
        message.From.Add(_from);
        message.To.Add(MailboxAddress.Parse(addressed.Address));
        // RFC 3834: no out-of-office replies to a notification.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }
}
