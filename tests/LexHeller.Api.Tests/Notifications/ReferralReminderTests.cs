using LexHeller.Api.Data;
using LexHeller.Api.Features.Notifications;

namespace LexHeller.Api.Tests.Notifications;

/// <summary>
/// The reminder job on the service's clock (which starts at 2026-11-24 10:00 Swedish time). There are
/// no referral endpoints yet, so referrals are written straight into the database for seeded reports,
/// to Höglandet's Försäkringskassan, whose contact person is <see cref="DemoSeed.ResponderFkEmail"/>.
/// A referral that is due to be reminded at the same moment shows that the job's pass has run before
/// anything is said about what it did not send.
/// </summary>
public sealed class ReferralReminderTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private Guid _forsakringskassan;
    private IReadOnlyList<SeededReport> _reports = [];

    public async ValueTask InitializeAsync()
    {
        var referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());
        _forsakringskassan = referenceData.PartyId(DemoSeed.HoglandetCode, "Försäkringskassan");
        _reports = await _factory.QueryAsync<SeededReport>("""
            SELECT r.id, r.reference FROM reports r JOIN associations a ON a.id = r.association_id
            WHERE a.code = @Code ORDER BY r.reference
            """, new { Code = DemoSeed.HoglandetCode });
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    /// <summary>
    /// That an open referral is reminded once before and once after its due date, and an answered one never, is
    /// the contract's (<see cref="LexHeller.Testing.Contracts.OutboxContract"/>, both engines). Here: the days are
    /// Swedish calendar days, the reminders name the report and the date, and a referral due today is not overdue.
    /// </summary>
    [Fact]
    public async Task Reminders_fall_on_Swedish_calendar_days_seven_days_before_and_the_day_after_the_due_date_naming_report_and_date()
    {
        var christmasEve = await ReferAsync(_reports[0], new DateOnly(2026, 12, 24));
        var dayAfter = await ReferAsync(_reports[1], new DateOnly(2026, 12, 25));
        var newYearsEve = await ReferAsync(_reports[2], new DateOnly(2026, 12, 31));

        // 00:30 on 17 December in Sweden, still the 16th in UTC: seven days before Christmas Eve.
        var sevenDaysBefore = await MoveClockAsync(new DateTimeOffset(2026, 12, 16, 23, 30, 0, TimeSpan.Zero), christmasEve, 1);
        var first = Assert.Single(await RemindersAsync(christmasEve));
        Assert.Equal(Notifier.KindReminderBeforeDue, first.Kind);
        Assert.Equal(DemoSeed.ResponderFkEmail, first.Recipient);
        Assert.Equal($"Påminnelse: remiss om avvikelse {_reports[0].Reference} ska besvaras senast 2026-12-24", first.Subject);
        Assert.Contains("senast 2026-12-24", first.Body, StringComparison.Ordinal);
        Assert.Equal(sevenDaysBefore, first.CreatedAt);
        Assert.Equal(sevenDaysBefore, await RemindedAsync(christmasEve, "reminded_before_at"));

        // The next day's pass reminds the referral due a day later, and not Christmas Eve's again.
        var sixDaysBefore = await MoveClockAsync(new DateTimeOffset(2026, 12, 18, 8, 0, 0, TimeSpan.Zero), dayAfter, 1);
        Assert.Equal(sixDaysBefore, Assert.Single(await RemindersAsync(dayAfter)).CreatedAt);
        Assert.Single(await RemindersAsync(christmasEve));
        Assert.Equal(sevenDaysBefore, await RemindedAsync(christmasEve, "reminded_before_at"));

        var christmasDay = await MoveClockAsync(new DateTimeOffset(2026, 12, 25, 8, 0, 0, TimeSpan.Zero), newYearsEve, 1);
        var overdue = Assert.Single(await RemindersAsync(christmasEve), reminder => reminder.Kind == Notifier.KindReminderAfterDue);
        Assert.Equal(DemoSeed.ResponderFkEmail, overdue.Recipient);
        Assert.Equal($"Påminnelse: remiss om avvikelse {_reports[0].Reference} skulle ha besvarats senast 2026-12-24", overdue.Subject);
        Assert.Equal(christmasDay, overdue.CreatedAt);
        Assert.Single(await RemindersAsync(christmasEve), reminder => reminder.Kind == Notifier.KindReminderBeforeDue);
        Assert.Equal(christmasDay, Assert.Single(await RemindersAsync(newYearsEve)).CreatedAt);
        // Due today is not overdue yet.
        Assert.Single(await RemindersAsync(dayAfter));

        var boxingDay = await MoveClockAsync(new DateTimeOffset(2026, 12, 26, 8, 0, 0, TimeSpan.Zero), dayAfter, 2);
        Assert.Equal(boxingDay, Assert.Single(await RemindersAsync(dayAfter), reminder => reminder.Kind == Notifier.KindReminderAfterDue).CreatedAt);
        Assert.Equal(2, (await RemindersAsync(christmasEve)).Count);
        Assert.Equal(christmasDay, await RemindedAsync(christmasEve, "reminded_after_at"));
    }

    [Fact]
    public async Task A_referral_found_already_overdue_gets_only_the_overdue_reminder()
    {
        var late = await ReferAsync(_reports[0], new DateOnly(2026, 11, 20));

        _factory.Clock.Advance(TimeSpan.FromHours(1));
        await _factory.EventuallyAsync(async () => (await RemindersAsync(late)).Count > 0, "the overdue reminder is queued");

        Assert.Equal(Notifier.KindReminderAfterDue, Assert.Single(await RemindersAsync(late)).Kind);
        Assert.Null(await RemindedAsync(late, "reminded_before_at"));
    }

    /// <summary>
    /// Sets the clock and waits until <paramref name="marker"/> has <paramref name="reminders"/> reminders,
    /// which shows that the job's pass at that time has run; returns the instant as the database stores it.
    /// </summary>
    private async Task<string> MoveClockAsync(DateTimeOffset to, Guid marker, int reminders)
    {
        _factory.Clock.SetUtcNow(to);
        await _factory.EventuallyAsync(async () => (await RemindersAsync(marker)).Count >= reminders, $"a pass at {to:O} has run");
        return DapperTypeHandlers.FormatInstant(to);
    }

    private async Task<Guid> ReferAsync(SeededReport report, DateOnly dueOn)
    {
        var id = Guid.NewGuid();
        var now = _factory.Clock.GetUtcNow();
        await _factory.ExecuteAsync("""
            INSERT INTO referrals (id, report_id, party_id, question, due_on, status, created_at, answered_at)
            VALUES (@Id, @ReportId, @PartyId, @Question, @DueOn, 'open', @Now, NULL)
            """, new
        {
            Id = id,
            ReportId = report.Id,
            PartyId = _forsakringskassan,
            Question = "Vilken kontaktväg finns för samordningsförbundets handläggare?",
            DueOn = dueOn,
            Now = now,
        });
        return id;
    }

    private Task<IReadOnlyList<QueuedReminder>> RemindersAsync(Guid referralId) =>
        _factory.QueryAsync<QueuedReminder>("""
            SELECT kind, recipient, subject, body, created_at FROM outbox_messages WHERE dedup_key LIKE @Pattern ORDER BY created_at, kind
            """, new { Pattern = $"%:{referralId:D}:%" });

    private Task<string?> RemindedAsync(Guid referralId, string column) =>
        _factory.ScalarAsync<string?>($"SELECT {column} FROM referrals WHERE id = @Id", new { Id = referralId });

    private sealed class SeededReport
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
    }

    private sealed class QueuedReminder
    {
        public string Kind { get; init; } = "";
        public string Recipient { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Body { get; init; } = "";
        public string CreatedAt { get; init; } = "";
    }
}
