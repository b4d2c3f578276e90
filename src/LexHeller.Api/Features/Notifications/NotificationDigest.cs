using Dapper;
using System.Text;
using LexHeller.Api.Data.Resilience;
using LexHeller.Api.Infrastructure;
using LexHeller.Api.Infrastructure.Jobs;
using LexHeller.Api.Infrastructure.Mail;

namespace LexHeller.Api.Features.Notifications;

/// <summary>What a member who chose the daily digest is told of, kept until the day's digest lists it.</summary>
public static class NotificationDigest
{
    private const string Insert = """
        INSERT INTO notification_digest_items (id, dedup_key, user_key, association_id, report_id, kind, subject, link_path, created_at)
        SELECT @Id, @DedupKey, @UserKey, r.association_id, r.id, @Kind, @Subject, @LinkPath, @Now
        FROM reports r
        WHERE r.id = @ReportId
          AND NOT EXISTS (SELECT 1 FROM notification_digest_items WHERE dedup_key = @DedupKey)
        """;

    /// <summary>Keeps an item for <paramref name="userKey"/>'s next digest, once per <paramref name="dedupKey"/> (as the outbox does).</summary>
    public static async Task AddAsync(DbSession session, string dedupKey, string userKey, Guid reportId, string kind, string subject,
        string linkPath, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await session.ExecuteAsync(Insert, new
            {
                Id = Guid.CreateVersion7(now),
                DedupKey = dedupKey,
                UserKey = userKey,
                ReportId = reportId,
                Kind = kind,
                Subject = subject,
                LinkPath = linkPath,
                Now = now,
            }, cancellationToken);
        }
        catch (System.Data.Common.DbException exception) when (session.Dialect.IsUniqueViolation(exception))
        {
            // A concurrent transaction kept the same item between the check and the insert.
        }
    }
}

/// <summary>
/// Once a day, from <see cref="NotificationOptions.DigestHour"/> o'clock Swedish time, queues one mail per member with
/// digest items waiting: each item's subject and a link to its page, oldest first. The mail and the marks of the items it
/// lists are written in one transaction per member; the mail's dedup key names the member and the Swedish date, so a
/// member gets one digest a day however many instances run, and items that arrive after it wait for the next day's.
/// </summary>
public sealed class NotificationDigestJob(
    IServiceScopeFactory scopes,
    DatabaseResilience resilience,
    NotificationOptions options,
    PublicAddress publicAddress,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<NotificationDigestJob> logger) : PeriodicJob(time, lifetime, logger)
{
    private const string SelectMembers = """
        SELECT DISTINCT user_key FROM notification_digest_items WHERE digested_at IS NULL AND created_at <= @Now ORDER BY user_key
        """;

    private const string SelectItems = """
        SELECT id, association_id, subject, link_path
        FROM notification_digest_items
        WHERE user_key = @UserKey AND digested_at IS NULL AND created_at <= @Now
        ORDER BY created_at, id
        """;

    private const string MarkDigested = "UPDATE notification_digest_items SET digested_at = @Now WHERE id = @Id AND digested_at IS NULL";

    protected override TimeSpan Interval => options.ReminderInterval;

    public override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        if (SwedishCalendar.Now(Time).Hour < options.DigestHour)
            return false;

        var members = await resilience.ExecuteAsync("NotificationDigestJob.SelectMembers", async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            return (await session.QueryAsync<string>(SelectMembers, new { Now = now }, ct)).AsList();
        }, cancellationToken);

        foreach (var member in members)
        {
            try
            {
                await SendDigestAsync(member, now, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One member's digest that cannot be queued must not hold back the others'; it is tried again next time.
                Logger.LogError(exception, "Queueing a notification digest failed");
            }
        }

        return false;
    }

    private async Task SendDigestAsync(string member, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginTransactionAsync(cancellationToken);
        var items = (await session.QueryAsync<Item>(SelectItems, new { UserKey = member, Now = now }, cancellationToken)).AsList();
        if (items.Count == 0)
        {
            await session.RollbackAsync();
            return;
        }

        var today = SwedishCalendar.Today(Time);
        var (subject, body) = Compose(items, today);
        var queued = await Outbox.EnqueueAsync(session, new OutgoingEmail(
            OutboxKeys.For(Notifier.KindGroupDigest, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), member),
            Notifier.KindGroupDigest, null, member, subject, body + Notifier.Signature, items[0].AssociationId, MailLinks.Triage), now, cancellationToken);
        if (!queued)
        {
            // Today's digest went out already: these wait for tomorrow's.
            await session.RollbackAsync();
            return;
        }

        foreach (var item in items)
            await session.ExecuteAsync(MarkDigested, new { item.Id, Now = now }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        Logger.LogInformation("Notification digest of {Items} items queued", items.Count);
    }

    private (string Subject, string Body) Compose(IReadOnlyList<Item> items, DateOnly today)
    {
        var date = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lines = new StringBuilder();
        foreach (var item in items)
        {
            lines.Append("\n- ").Append(item.Subject);
            if (item.LinkPath is { } path && publicAddress.Absolute(path) is { } link)
                lines.Append("\n  ").Append(link);
        }

        var count = items.Count == 1 ? "1 händelse" : $"{items.Count} händelser";
        var settings = publicAddress.Absolute(MailLinks.Settings) is { } settingsLink ? $": {settingsLink}" : " under Triage i Lex Heller.";
        return ($"Dagens sammanfattning från Lex Heller {date}: {count}",
            $"""
            Hej!

            Det här har hänt i styrgruppens ärenden sedan din förra sammanfattning:
            {lines}

            Du får en sammanfattning om dagen eftersom du har valt det. Du kan i stället få ett meddelande direkt
            vid varje händelse. Ändra det på sidan Aviseringar{settings}
            """);
    }

    private sealed class Item
    {
        public Guid Id { get; init; }
        public Guid AssociationId { get; init; }
        public string Subject { get; init; } = "";
        public string? LinkPath { get; init; }
    }
}
