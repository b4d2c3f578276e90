using System.Globalization;
using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Privacy;
using LexHeller.Api.Infrastructure.Mail;
using Microsoft.Extensions.Hosting;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// The notification outbox over storage: each event that notifies queues exactly its messages (and
/// the others none), a dispatch pass sends a due message once and marks it sent, a failed send waits
/// a growing delay and is sent when delivery works again, a message that keeps failing ends dead after
/// <c>Notifications:MaxAttempts</c> and is listed for its association's administrators, reminders are
/// queued once each, and a message whose recipient's contact was purged is cancelled, never sent.
/// Written once and bound to each engine. Where the test drives the dispatcher itself, the service's own is off.
/// </summary>
public abstract class OutboxContract : WorkflowContract
{
    private static readonly Dictionary<string, string?> DispatcherOff = new() { ["Notifications:Enabled"] = "false" };

    [Fact]
    public async Task Each_event_that_notifies_queues_exactly_its_messages_and_the_others_none()
    {
        var factory = await StartAsync(DispatcherOff);
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 13, ReportBodies.Contact("utskick@tranas.example")));
        var partyContacts = await factory.QueryAsync<string>("SELECT user_key FROM party_members WHERE party_id = @PartyId",
            new { PartyId = await Workflow.PartyIdAsync("Försäkringskassan") });
        Assert.NotEmpty(partyContacts);
        var expected = new List<(string Kind, string Recipient)>();

        async Task QueuedAsync(string after, params (string Kind, string Recipient)[] added)
        {
            expected.AddRange(added);
            var queued = await factory.QueryAsync<(string Kind, string Recipient)>(
                "SELECT kind, recipient FROM outbox_messages WHERE report_id = @Id", new { Id = id });
            Assert.True(expected.Order().SequenceEqual(queued.Order()),
                $"After {after}: expected {string.Join(", ", expected.Order())}; queued {string.Join(", ", queued.Order())}");
        }

        // The steering group that owns the report's queue: each member is told (immediately: none chose a digest).
        var members = await factory.QueryAsync<string>("""
            SELECT m.user_key FROM reports r JOIN queues q ON q.id = r.queue_id JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
            WHERE r.id = @Id
            """, new { Id = id });
        Assert.NotEmpty(members);
        (string Kind, string Recipient)[] Group(string kind) => [.. members.Select(member => (kind, member))];

        await QueuedAsync("filing", [(Notifier.KindReceipt, Outbox.ReporterRecipient), .. Group(Notifier.KindGroupNewReport)]);
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        Assert.Equal(HttpStatusCode.Created, (await Workflow.Triager.PostAsJsonAsync($"/api/v1/reports/{id}/notes", new { text = "Intern." })).StatusCode);
        await QueuedAsync("triage and a note");
        await Workflow.StepAsync(id, "information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" });
        await QueuedAsync("a question to the reporter", (Notifier.KindInformationRequest, Outbox.ReporterRecipient));
        Assert.Equal(HttpStatusCode.OK, (await Workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{token}/messages", new { text = "Enheten i centrum." })).StatusCode);
        await QueuedAsync("the reporter's reply", Group(Notifier.KindGroupReporterReply));
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await QueuedAsync("a referral",
            [.. partyContacts.Select(contact => (Notifier.KindReferral, contact)), (Notifier.KindReferralToReporter, Outbox.ReporterRecipient)]);
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        await QueuedAsync("the answer",
            [(Notifier.KindAnswer, Outbox.ReporterRecipient), .. Group(Notifier.KindGroupPartyAnswer), .. Group(Notifier.KindGroupAllAnswered)]);
        await Workflow.StepAsync(id, "closure", new { resolution = "answered", reason = "Besvarad.", messageToReporter = "Tack." });
        await QueuedAsync("closure", (Notifier.KindClosure, Outbox.ReporterRecipient));
        await Workflow.StepAsync(id, "reopening", new { reason = "Kom tillbaka." });
        await QueuedAsync("reopening");
        await Workflow.StepAsync(id, "closure", new { resolution = "resolved-locally", reason = "Löst." });
        await QueuedAsync("the second closure", (Notifier.KindClosure, Outbox.ReporterRecipient));

        // A reporter without an e-mail address is told nothing; the party and the steering group still are.
        var (silent, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 10));
        await Workflow.StepAsync(silent, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(silent, "Försäkringskassan");
        Assert.Equal(partyContacts.Select(contact => (Notifier.KindReferral, contact)).Order(),
            (await factory.QueryAsync<(string Kind, string Recipient)>(
                "SELECT kind, recipient FROM outbox_messages WHERE report_id = @Id AND kind NOT LIKE 'group-%'", new { Id = silent })).Order());
        Assert.NotEmpty(await factory.QueryAsync<string>("SELECT recipient FROM outbox_messages WHERE report_id = @Id AND kind = @Kind",
            new { Id = silent, Kind = Notifier.KindGroupNewReport }));
        Assert.Equal(0, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE recipient LIKE '%@tranas.example'"));
    }

    [Fact]
    public async Task A_dispatch_pass_sends_each_due_message_once_and_marks_it_sent()
    {
        var factory = await StartAsync(DispatcherOff);
        Guid[] ids =
        [
            await factory.EnqueueAsync(OutboxTesting.Email("ett@kommun.example", "Ett")),
            await factory.EnqueueAsync(OutboxTesting.Email("tva@kommun.example", "Två")),
            await factory.EnqueueAsync(OutboxTesting.Email("tre@kommun.example", "Tre")),
        ];
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(factory.Services);

        await dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.True(await factory.AllSentAsync(ids));
        var sent = new List<DateTimeOffset?>();
        foreach (var id in ids)
            sent.Add((await factory.RowAsync(id)).SentAt);
        Assert.Equal(ids.Select(id => $"{OutboxDispatcher.MessageIdFor(id)}.eml").Order(), Directory.GetFiles(factory.MailDirectory).Select(Path.GetFileName).Order());

        factory.Clock.Advance(TimeSpan.FromHours(2));
        await dispatcher.RunOnceAsync(CancellationToken.None);

        Assert.Equal(3, Directory.GetFiles(factory.MailDirectory).Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var row = await factory.RowAsync(ids[i]);
            Assert.Equal(sent[i], row.SentAt);
            Assert.Equal(0, row.Attempts);
            Assert.Null(row.LeaseUntil);
        }
    }

    [Fact]
    public async Task A_failed_send_waits_a_growing_delay_keeps_its_error_and_is_sent_once_delivery_works_again()
    {
        var factory = await StartAsync(DispatcherOff);
        BlockMailDirectory(factory);
        var id = await factory.EnqueueAsync(OutboxTesting.Email("remiss@kommun.example", "Remiss om avvikelse LH-2026-00004"));
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(factory.Services);

        await PassAsync(factory, dispatcher);
        var first = await factory.RowAsync(id);
        Assert.Equal(1, first.Attempts);
        Assert.Null(first.SentAt);
        Assert.Null(first.LeaseUntil);
        Assert.Contains("IOException", first.LastError, StringComparison.Ordinal);
        var firstDelay = first.NextAttemptAt - factory.Clock.GetUtcNow();
        Assert.InRange(firstDelay, TimeSpan.FromSeconds(7.5), TimeSpan.FromSeconds(12.1));

        // Not due yet: the pass leaves it alone.
        await PassAsync(factory, dispatcher);
        Assert.Equal(1, (await factory.RowAsync(id)).Attempts);

        factory.Clock.SetUtcNow(first.NextAttemptAt + TimeSpan.FromSeconds(1));
        await PassAsync(factory, dispatcher);
        var second = await factory.RowAsync(id);
        Assert.Equal(2, second.Attempts);
        Assert.Null(second.SentAt);
        // Longer than the first wait (the doubling, or the mail circuit's pause if that is longer), and at most an hour.
        Assert.InRange(second.NextAttemptAt - factory.Clock.GetUtcNow(), TimeSpan.FromSeconds(12.1), OutboxDispatcher.MaxRetryDelay);

        File.Delete(factory.MailDirectory);
        factory.Clock.SetUtcNow(second.NextAttemptAt + TimeSpan.FromSeconds(1));
        await PassAsync(factory, dispatcher);

        var sent = await factory.RowAsync(id);
        Assert.NotNull(sent.SentAt);
        Assert.Equal(2, sent.Attempts);
        Assert.True(File.Exists(Path.Combine(factory.MailDirectory, $"{OutboxDispatcher.MessageIdFor(id)}.eml")));
        Assert.Equal(1, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task A_message_that_always_fails_ends_dead_after_max_attempts_is_not_retried_is_listed_for_its_admins_and_opens_the_contact_once_per_attempt()
    {
        const int MaxAttempts = 3;
        const string Address = "dod.post@tranas.example";
        var factory = await StartAsync(new Dictionary<string, string?> { ["Notifications:Enabled"] = "false", ["Notifications:MaxAttempts"] = $"{MaxAttempts}" });
        var (reportId, _, reference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 13, ReportBodies.Contact(Address)));
        await Workflow.StepAsync(reportId, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(reportId, "information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" });
        var id = await factory.ScalarAsync<Guid>("SELECT id FROM outbox_messages WHERE report_id = @Id AND recipient = @Recipient AND kind = @Kind",
            new { Id = reportId, Recipient = Outbox.ReporterRecipient, Kind = Notifier.KindInformationRequest });
        // The filing's other mail (the receipt, which opens the contact too, and the steering group's, which would fail
        // alongside and open the circuit) is out of this test's way, as if sent already: only the question is tried.
        await factory.ExecuteAsync("UPDATE outbox_messages SET sent_at = @Now WHERE id <> @Id",
            new { Id = id, Now = factory.Clock.GetUtcNow() });
        const string ContactReads = "SELECT COUNT(*) FROM reporter_contact_access WHERE report_id = @Id AND action = @Action AND actor = @Actor";
        var reads = new { Id = reportId, Action = ReporterContacts.ActionRead, Actor = OutboxAddressing.ContactReader };
        BlockMailDirectory(factory);
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(factory.Services);

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            await PassAsync(factory, dispatcher);
            var row = await factory.RowAsync(id);
            Assert.Equal(attempt, row.Attempts);
            Assert.Null(row.SentAt);
            Assert.Equal(attempt == MaxAttempts, row.DeadAt is not null);
            Assert.Equal(attempt, await factory.ScalarAsync<int>(ContactReads, reads));
            factory.Clock.SetUtcNow(row.NextAttemptAt + TimeSpan.FromSeconds(1));
        }

        // Dead: not tried again, even once delivery works and hours pass.
        var dead = await factory.RowAsync(id);
        File.Delete(factory.MailDirectory);
        for (var pass = 0; pass < 3; pass++)
        {
            factory.Clock.Advance(TimeSpan.FromHours(2));
            await PassAsync(factory, dispatcher);
        }

        var after = await factory.RowAsync(id);
        Assert.Equal((MaxAttempts, dead.DeadAt, dead.LastError), (after.Attempts, after.DeadAt, after.LastError));
        Assert.Null(after.SentAt);
        Assert.Equal(MaxAttempts, await factory.ScalarAsync<int>(ContactReads, reads));
        Assert.Empty(Directory.Exists(factory.MailDirectory) ? Directory.GetFiles(factory.MailDirectory) : []);

        // Listed for the association's administrators with its last error, never with the address.
        var admin = factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        using var listed = await admin.GetAsync($"/api/v1/admin/associations/{ReportBodies.Association}/notifications/dead");
        var body = await listed.Content.ReadAsStringAsync();
        Assert.True(listed.StatusCode == HttpStatusCode.OK, body);
        Assert.DoesNotContain("tranas.example", body, StringComparison.OrdinalIgnoreCase);
        var entry = JsonNode.Parse(body)!["notifications"]!.AsArray().Single(node => (Guid)node!["id"]! == id)!;
        Assert.Equal(Notifier.KindInformationRequest, (string)entry["kind"]!);
        Assert.Equal(reference, (string?)entry["reportReference"]);
        Assert.Equal("reporter", (string)entry["recipientKind"]!);
        Assert.Equal(MaxAttempts, (int)entry["attempts"]!);
        Assert.Equal(after.LastError, (string?)entry["lastError"]);
        Assert.Contains("IOException", after.LastError, StringComparison.Ordinal);
        Assert.Equal(after.DeadAt, (DateTimeOffset)entry["deadAt"]!);

        // Sent back to the queue, it gets one more attempt, which now succeeds; a sent message is not dead, so a second retry is 409.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/notifications/{id}/retry", null)).StatusCode);
        await PassAsync(factory, dispatcher);
        var sent = await factory.RowAsync(id);
        Assert.NotNull(sent.SentAt);
        Assert.Null(sent.DeadAt);
        Assert.Equal(MaxAttempts + 1, await factory.ScalarAsync<int>(ContactReads, reads));
        Assert.True(File.Exists(Path.Combine(factory.MailDirectory, $"{OutboxDispatcher.MessageIdFor(id)}.eml")));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/admin/notifications/{id}/retry", null)).StatusCode);
    }

    [Fact]
    public async Task A_message_to_the_reporter_still_queued_when_the_contact_is_purged_is_cancelled_and_never_sent()
    {
        var factory = await StartAsync(DispatcherOff);
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 4, ReportBodies.Contact("retention@eksjo.example")));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "closure", new { resolution = "resolved-locally", reason = "Löst direkt med enhetschefen.", messageToReporter = "Tack, det är löst." });
        factory.Clock.Advance(TimeSpan.FromDays(400));
        await factory.Services.GetServices<IHostedService>().OfType<ReporterContactRetentionJob>().Single().RunOnceAsync(CancellationToken.None);
        var dispatcher = ActivatorUtilities.CreateInstance<OutboxDispatcher>(factory.Services);

        await dispatcher.RunOnceAsync(CancellationToken.None);
        factory.Clock.Advance(TimeSpan.FromHours(2));
        await dispatcher.RunOnceAsync(CancellationToken.None);

        const string Closure = "SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND kind = 'closure'";
        Assert.Equal(1, await factory.ScalarAsync<int>(Closure, new { Id = id }));
        Assert.Equal(1, await factory.ScalarAsync<int>($"{Closure} AND cancelled_at IS NOT NULL AND sent_at IS NULL", new { Id = id }));
        // No message to the reporter left (the receipt mailed on filing was still queued too); the steering group's were sent.
        Assert.Equal(0, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND recipient = 'reporter' AND sent_at IS NOT NULL",
            new { Id = id }));
        Assert.Equal(2, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND recipient = 'reporter' AND cancelled_at IS NOT NULL",
            new { Id = id }));
        var mail = Directory.Exists(factory.MailDirectory) ? Directory.GetFiles(factory.MailDirectory).Select(File.ReadAllText).ToList() : [];
        Assert.Equal(await factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NOT NULL"), mail.Count);
        Assert.DoesNotContain(mail, text => text.Contains("retention@eksjo.example", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_open_referral_is_reminded_once_before_and_once_after_its_due_date_and_an_answered_one_never()
    {
        var factory = await StartAsync();
        var open = await ReferToForsakringskassanAsync(13);
        var answered = await ReferToForsakringskassanAsync(10);
        await Workflow.AnswerAsync(Workflow.ResponderFk, answered.ReportId);

        // The association's deadline is 60 days: seven days before it, the before-reminder.
        factory.Clock.Advance(TimeSpan.FromDays(53) + TimeSpan.FromHours(1));
        await factory.EventuallyAsync(async () => (await RemindersAsync(factory, open.ReferralId)).Count == 1, "the before-reminder is queued");
        factory.Clock.Advance(TimeSpan.FromDays(8));
        await factory.EventuallyAsync(async () => (await RemindersAsync(factory, open.ReferralId)).Count == 2, "the overdue reminder is queued");
        factory.Clock.Advance(TimeSpan.FromDays(3));
        await factory.EventuallyAsync(async () => await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM referrals WHERE id = @Id AND reminded_after_at IS NOT NULL", new { Id = open.ReferralId }) == 1, "the job has run");

        Assert.Equal([Notifier.KindReminderAfterDue, Notifier.KindReminderBeforeDue], (await RemindersAsync(factory, open.ReferralId)).Order());
        Assert.Empty(await RemindersAsync(factory, answered.ReferralId));
    }

    [Fact]
    public async Task A_contact_person_with_a_320_character_address_gets_the_referral_and_its_reminder_queued_once_each()
    {
        var factory = await StartAsync(DispatcherOff);
        var contact = LongAddresses.Of("remiss.kontakt");
        await factory.AddPartyContactAsync(await Workflow.PartyIdAsync("Försäkringskassan"), contact);

        // The referral commits (a key longer than the column would roll it back on SQL Server).
        var (_, referralId) = await ReferToForsakringskassanAsync(13);
        var reminders = ActivatorUtilities.CreateInstance<ReferralReminderJob>(factory.Services);
        factory.Clock.Advance(TimeSpan.FromDays(53) + TimeSpan.FromHours(1));
        await reminders.RunOnceAsync(CancellationToken.None);
        // Asked again: the referral's mark is gone (as for a second instance that read it before the first committed),
        // and only the outbox's dedup key stands between the contact and a second reminder.
        await factory.ExecuteAsync("UPDATE referrals SET reminded_before_at = NULL WHERE id = @Id", new { Id = referralId });
        await reminders.RunOnceAsync(CancellationToken.None);

        var queued = await factory.QueryAsync<(string Kind, string DedupKey)>(
            "SELECT kind, dedup_key FROM outbox_messages WHERE recipient = @Contact", new { Contact = contact });
        Assert.Equal([Notifier.KindReferral, Notifier.KindReminderBeforeDue], queued.Select(message => message.Kind).Order());
        Assert.All(queued, message => Assert.True(message.DedupKey.Length <= OutboxKeys.MaxLength, $"{message.DedupKey.Length} characters: {message.DedupKey}"));
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM referrals WHERE id = @Id AND reminded_before_at IS NOT NULL", new { Id = referralId }));
    }

    [Fact]
    public async Task A_steering_group_member_with_a_320_character_address_is_told_of_a_pattern_once_and_the_reports_are_filed()
    {
        var factory = await StartAsync(DispatcherOff);
        var member = LongAddresses.Of("monster.styrgrupp");
        await factory.AddSteeringGroupMemberAsync(ReportBodies.Association, member);

        // Each submission commits, the third with the pattern's notice in its transaction.
        for (var days = 0; days < 3; days++)
            await Workflow.FileAsync(KnowledgeReport(factory, days));
        // Asked again: the detection is forgotten, so the next report finds the pattern new on the same day.
        await factory.ExecuteAsync("DELETE FROM pattern_detections");
        await Workflow.FileAsync(KnowledgeReport(factory, 3));

        var queued = await factory.QueryAsync<string>(
            "SELECT dedup_key FROM outbox_messages WHERE kind = 'pattern' AND recipient = @Member", new { Member = member });
        var key = Assert.Single(queued);
        Assert.True(key.Length <= OutboxKeys.MaxLength, $"{key.Length} characters: {key}");
        Assert.Equal(1, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM pattern_detections"));
    }

    /// <summary>A report of the category knowledge between the region and the employment service, <paramref name="daysAgo"/> days ago.</summary>
    private JsonNode KnowledgeReport(LexHellerApiFactory factory, int daysAgo)
    {
        var body = ReportBodies.FromFixture(ReferenceData, 13);
        body["eventDate"] = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        body["suggestedCategory"] = "knowledge";
        body["involvedPartyIds"] = new JsonArray(
            JsonValue.Create(ReferenceData.PartyId(ReportBodies.Association, "Region Jönköpings län")),
            JsonValue.Create(ReferenceData.PartyId(ReportBodies.Association, "Arbetsförmedlingen")));
        return body;
    }

    /// <summary>A file where the pickup directory should be: every write fails until it is removed.</summary>
    private static void BlockMailDirectory(LexHellerApiFactory factory)
    {
        if (Directory.Exists(factory.MailDirectory))
            Directory.Delete(factory.MailDirectory, recursive: true);
        File.WriteAllText(factory.MailDirectory, "not a directory");
    }

    /// <summary>
    /// One dispatcher pass; the mail pipeline's quick retries wait on the service's clock, so it is
    /// moved on in small steps until the pass is done.
    /// </summary>
    private static async Task PassAsync(LexHellerApiFactory factory, OutboxDispatcher dispatcher)
    {
        var pass = dispatcher.RunOnceAsync(CancellationToken.None);
        while (!pass.IsCompleted)
        {
            await Task.Delay(20);
            if (!pass.IsCompleted)
                factory.Clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        await pass;
    }

    private async Task<(Guid ReportId, Guid ReferralId)> ReferToForsakringskassanAsync(int fixture)
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, fixture));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        var report = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        return (id, (Guid)report["referrals"]![0]!["id"]!);
    }

    private static Task<IReadOnlyList<string>> RemindersAsync(LexHellerApiFactory factory, Guid referralId) =>
        factory.QueryAsync<string>("SELECT kind FROM outbox_messages WHERE kind LIKE 'reminder-%' AND dedup_key LIKE @Pattern",
            new { Pattern = $"%:{referralId:D}:%" });
}
