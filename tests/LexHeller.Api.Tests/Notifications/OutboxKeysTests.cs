using LexHeller.Api.Data;
using LexHeller.Api.Features.Notifications;

namespace LexHeller.Api.Tests.Notifications;

/// <summary>
/// Every outbox dedup key fits <c>outbox_messages.dedup_key</c> (200 characters) whatever the recipient's address
/// (up to 320) or the event, a key that always fitted is made as before (so a message queued before the change is
/// still found), and the outbox refuses a key longer than the column on every engine, not only on SQL Server.
/// </summary>
public sealed class OutboxKeysTests
{
    private static readonly string Referral = Guid.CreateVersion7().ToString("N");
    private static readonly string Reminder = Guid.CreateVersion7().ToString("D");
    private static readonly string Pattern = $"{Guid.CreateVersion7():N}:responsibility-gap~municipality,region,social-insurance,employment-service,other:2026-12-07";

    public static TheoryData<string, string> Events() => new()
    {
        { Notifier.KindReferral, Referral },
        { Notifier.KindReminderBeforeDue, Reminder },
        { Notifier.KindReminderAfterDue, Reminder },
        { Notifier.KindPattern, Pattern },
        { Notifier.KindClosure, $"{Guid.CreateVersion7():N}-12" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void A_key_for_a_320_character_address_is_at_most_the_column_and_names_the_address_by_its_hash(string kind, string eventKey)
    {
        var address = LongAddresses.Of("nyckel");

        var key = OutboxKeys.For(kind, eventKey, address);

        Assert.InRange(key.Length, 1, OutboxKeys.MaxLength);
        Assert.StartsWith(kind + ":", key, StringComparison.Ordinal);
        Assert.DoesNotContain(address, key, StringComparison.Ordinal);
        Assert.Contains(OutboxKeys.HashPrefix, key, StringComparison.Ordinal);
        Assert.Equal(key, OutboxKeys.For(kind, eventKey, address));
        Assert.NotEqual(key, OutboxKeys.For(kind, eventKey, LongAddresses.Of("annan")));
        Assert.NotEqual(key, OutboxKeys.For(kind, eventKey + "0", address));
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void A_key_that_fitted_before_is_made_exactly_as_before(string kind, string eventKey)
    {
        const string Address = "kontakt@forsakringskassan.example";

        Assert.Equal($"{kind}:{eventKey}:{Address}", OutboxKeys.For(kind, eventKey, Address));
        Assert.Equal($"{kind}:{eventKey}:reporter", OutboxKeys.For(kind, eventKey, "reporter"));
    }

    [Fact]
    public void Where_the_event_alone_leaves_no_room_for_the_hash_event_and_address_are_hashed_together_and_still_keep_the_kind()
    {
        var eventKey = new string('e', 180);

        var key = OutboxKeys.For(Notifier.KindPattern, eventKey, LongAddresses.Of("monster"));

        Assert.Equal($"{Notifier.KindPattern}:{OutboxKeys.HashPrefix}".Length + 64, key.Length);
        Assert.NotEqual(key, OutboxKeys.For(Notifier.KindPattern, eventKey, LongAddresses.Of("annan")));
    }

    [Fact]
    public void A_key_queued_too_long_before_is_bounded_to_the_key_made_for_it_now()
    {
        var address = LongAddresses.Of("gammal");
        var old = $"{Notifier.KindReminderBeforeDue}:{Reminder}:{address}";
        Assert.True(old.Length > OutboxKeys.MaxLength);

        Assert.Equal(OutboxKeys.For(Notifier.KindReminderBeforeDue, Reminder, address), OutboxKeys.Bounded(old, Notifier.KindReminderBeforeDue, address));
        Assert.Equal("closure:x:reporter", OutboxKeys.Bounded("closure:x:reporter", Notifier.KindClosure, "reporter"));
        var unreadable = OutboxKeys.Bounded(new string('k', 400), "test", address);
        Assert.InRange(unreadable.Length, 1, OutboxKeys.MaxLength);
    }

    [Fact]
    public async Task The_outbox_refuses_a_key_longer_than_the_column_on_sqlite_too_and_queues_nothing()
    {
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?> { ["Demo:Seed"] = "false", ["Notifications:Enabled"] = "false" });
        await using var scope = factory.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var address = LongAddresses.Of("for.lang");
        await session.BeginTransactionAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Outbox.EnqueueAsync(session,
            new OutgoingEmail($"test:{Guid.NewGuid():N}:{address}", "test", null, address, "Ämne", "Text"), factory.Clock.GetUtcNow(), CancellationToken.None));

        Assert.Contains("dedup key", refused.Message, StringComparison.Ordinal);
        await session.RollbackAsync();
        Assert.Equal(0, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages"));
    }
}
