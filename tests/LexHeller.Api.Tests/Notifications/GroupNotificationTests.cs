using LexHeller.Api.Features.Notifications;

namespace LexHeller.Api.Tests.Notifications;

/// <summary>
/// How the steering group is told (on the service's clock, which starts at 2026-11-24 10:00 Swedish time): each member
/// at once unless they chose the daily digest on /triage/installningar, and a long-overdue referral escalated to the
/// party's manager contact once. What is queued is read from the outbox (the SMTP journey reads the sent mail).
/// </summary>
public sealed class GroupNotificationTests : IAsyncLifetime
{
    private const string PublicBaseUrl = "https://avvikelser.hoglandet.example";
    private const string SecondMember = "ledamot.tva@hoglandet.example";
    private const string ManagerFk = "chef.fk@forsakringskassan.example";
    private const string ManagerAf = "chef.af@arbetsformedlingen.example";

    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        ["App:PublicBaseUrl"] = PublicBaseUrl,
        ["Notifications:DigestHour"] = "16",
        ["Notifications:EscalateAfterDaysOverdue"] = "3",
    });

    private Workflow _workflow = null!;
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync()
    {
        _workflow = new Workflow(_factory);
        _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_member_who_chose_the_digest_gets_nothing_at_once_and_one_digest_a_day_listing_each_event_with_its_link()
    {
        // A second member of Höglandet's steering group, who keeps the default: at once.
        var group = await _factory.ScalarAsync<Guid>("""
            SELECT m.steering_group_id FROM steering_group_members m WHERE m.user_key = @UserKey
            """, new { UserKey = DemoSeed.TriagerEmail });
        using (var added = await Admin().PutAsync($"/api/v1/admin/steering-groups/{group}/members/{SecondMember}", null))
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());

        var triager = _factory.CreatePageClient();
        await triager.SignInAsync(DemoSeed.TriagerEmail);
        Assert.Contains("id=\"Delivery-immediate\" name=\"Delivery\" value=\"immediate\" checked=\"checked\"", await triager.GetPageAsync("/triage/installningar"),
            StringComparison.Ordinal);
        using (var chosen = await triager.PostFormAsync("/triage/installningar", [new("Delivery", NotificationPreferences.Digest)]))
            Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var settings = await triager.GetPageAsync("/triage/installningar");
        Assert.Contains("Du får nu en sammanfattning om dagen, från klockan 16.", settings, StringComparison.Ordinal);
        Assert.Contains("id=\"Delivery-digest\" name=\"Delivery\" value=\"digest\" checked=\"checked\"", settings, StringComparison.Ordinal);

        var (first, _, firstReference) = await _workflow.FileAsync(SameQueue("Första"));
        _factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var (second, _, secondReference) = await _workflow.FileAsync(SameQueue("Andra"));

        // The member who keeps the default is told of each at once; the one who chose the digest of neither.
        Assert.Equal([$"Ny avvikelse {firstReference} i styrgruppens kö", $"Ny avvikelse {secondReference} i styrgruppens kö"],
            (await MailToAsync(SecondMember)).Select(mail => mail.Subject));
        Assert.Empty(await MailToAsync(DemoSeed.TriagerEmail));

        // 16:00 in Sweden: the day's digest.
        _factory.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
        await _factory.EventuallyAsync(async () => (await MailToAsync(DemoSeed.TriagerEmail)).Count > 0, "the digest is queued");
        var digest = Assert.Single(await MailToAsync(DemoSeed.TriagerEmail));
        Assert.Equal(Notifier.KindGroupDigest, digest.Kind);
        Assert.Equal("Dagens sammanfattning från Lex Heller 2026-11-24: 2 händelser", digest.Subject);
        Assert.Contains($"- Ny avvikelse {firstReference} i styrgruppens kö\n  {PublicBaseUrl}/triage/avvikelse/{first:D}\n", digest.Body, StringComparison.Ordinal);
        Assert.Contains($"- Ny avvikelse {secondReference} i styrgruppens kö\n  {PublicBaseUrl}/triage/avvikelse/{second:D}\n", digest.Body, StringComparison.Ordinal);
        Assert.Contains($"{PublicBaseUrl}/triage/installningar", digest.Body, StringComparison.Ordinal);
        Assert.True(digest.Body.IndexOf(firstReference, StringComparison.Ordinal) < digest.Body.IndexOf(secondReference, StringComparison.Ordinal));
        Assert.Equal(2, (await MailToAsync(SecondMember)).Count);

        // An event after the digest waits for the next day's, which lists only it.
        var (third, _, thirdReference) = await _workflow.FileAsync(SameQueue("Tredje"));
        _factory.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 15, 0, 0, TimeSpan.Zero));
        await _factory.EventuallyAsync(async () => (await MailToAsync(DemoSeed.TriagerEmail)).Count > 1, "the second day's digest is queued");
        var digests = await MailToAsync(DemoSeed.TriagerEmail);
        Assert.Equal(2, digests.Count);
        var next = digests[1];
        Assert.Equal("Dagens sammanfattning från Lex Heller 2026-11-25: 1 händelse", next.Subject);
        Assert.Contains($"- Ny avvikelse {thirdReference} i styrgruppens kö\n  {PublicBaseUrl}/triage/avvikelse/{third:D}\n", next.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(firstReference, next.Body, StringComparison.Ordinal);
        Assert.Equal(0, await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM notification_digest_items WHERE digested_at IS NULL"));

        // Back to immediate: told at once again.
        using (var back = await triager.PostFormAsync("/triage/installningar", [new("Delivery", NotificationPreferences.Immediate)]))
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        // A minute on, so that the mail is the latest by time, not tied with the digest queued at the same instant.
        _factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, _, fourthReference) = await _workflow.FileAsync(SameQueue("Fjärde"));
        Assert.Equal($"Ny avvikelse {fourthReference} i styrgruppens kö", (await MailToAsync(DemoSeed.TriagerEmail))[^1].Subject);
    }

    [Fact]
    public async Task The_settings_form_refuses_a_choice_it_does_not_offer_with_a_Swedish_message()
    {
        var triager = _factory.CreatePageClient();
        await triager.SignInAsync(DemoSeed.TriagerEmail);
        using var refused = await triager.PostFormAsync("/triage/installningar", [new("Delivery", "weekly")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Välj hur du vill få aviseringar.", PageForms.ErrorSummary(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(0, await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM notification_preferences"));
    }

    [Fact]
    public async Task A_referral_overdue_by_the_configured_days_is_escalated_once_to_the_party_manager_and_the_group_is_told_it_is_overdue()
    {
        var forsakringskassan = await _workflow.PartyIdAsync("Försäkringskassan");
        var arbetsformedlingen = await _workflow.PartyIdAsync("Arbetsförmedlingen");
        await SetManagerAsync(forsakringskassan, ManagerFk);
        await SetManagerAsync(arbetsformedlingen, ManagerAf);

        var (fkReport, _, fkReference) = await _workflow.FileAsync(ReportBodies.FromFixture(_referenceData, 0));
        await _workflow.StepAsync(fkReport, "triage", new { reason = "Bedömd." });
        await _workflow.StepAsync(fkReport, "referrals", new { partyId = forsakringskassan, question = "Vad hände?", reason = "Ansvarig part.", dueDate = "2026-11-30" });
        var (afReport, _, _) = await _workflow.FileAsync(ReportBodies.FromFixture(_referenceData, 1));
        await _workflow.StepAsync(afReport, "triage", new { reason = "Bedömd." });
        await _workflow.StepAsync(afReport, "referrals", new { partyId = arbetsformedlingen, question = "Vad hände?", reason = "Ansvarig part.", dueDate = "2026-12-01" });
        var fkReferral = await _factory.ScalarAsync<Guid>("SELECT id FROM referrals WHERE report_id = @Id", new { Id = fkReport });

        // Three days overdue: Försäkringskassan's manager is told; Arbetsförmedlingen's referral is two days overdue, not yet.
        _factory.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        await _factory.EventuallyAsync(async () => (await MailToAsync(ManagerFk)).Count > 0, "the escalation is queued");
        var escalation = Assert.Single(await MailToAsync(ManagerFk));
        Assert.Equal(Notifier.KindManagerEscalation, escalation.Kind);
        Assert.Equal($"Remiss om avvikelse {fkReference} till Försäkringskassan är försenad sedan 2026-11-30", escalation.Subject);
        Assert.Contains("chefskontakt för Försäkringskassan", escalation.Body, StringComparison.Ordinal);
        Assert.Equal($"/part/remiss/{fkReferral:D}", escalation.LinkPath);
        Assert.Empty(await MailToAsync(ManagerAf));
        Assert.NotNull(await _factory.ScalarAsync<string?>("SELECT escalated_at FROM referrals WHERE id = @Id", new { Id = fkReferral }));

        // The group was told once that the referral is overdue (with the party's reminder), with a link to the report.
        var overdue = Assert.Single(await MailToAsync(DemoSeed.TriagerEmail), mail => mail.Kind == Notifier.KindGroupOverdue && mail.Subject.Contains(fkReference, StringComparison.Ordinal));
        Assert.Equal($"Remissen om avvikelse {fkReference} till Försäkringskassan är försenad", overdue.Subject);
        Assert.Equal($"/triage/avvikelse/{fkReport:D}", overdue.LinkPath);

        // A day later Arbetsförmedlingen's is escalated, and Försäkringskassan's manager is not told again.
        _factory.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
        await _factory.EventuallyAsync(async () => (await MailToAsync(ManagerAf)).Count > 0, "the second escalation is queued");
        Assert.Single(await MailToAsync(ManagerFk));
        Assert.Single(await MailToAsync(DemoSeed.TriagerEmail), mail => mail.Kind == Notifier.KindGroupOverdue && mail.Subject.Contains(fkReference, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_manager_contact_is_set_and_cleared_through_the_api_and_a_malformed_address_is_refused()
    {
        var forsakringskassan = await _workflow.PartyIdAsync("Försäkringskassan");
        var set = await SetManagerAsync(forsakringskassan, ManagerFk);
        Assert.Equal(ManagerFk, (string?)set["managerEmail"]);

        using var malformed = await Admin().PatchAsJsonAsync($"/api/v1/admin/parties/{forsakringskassan}", new { managerEmail = "inte en adress" });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        using var cleared = await Admin().PatchAsJsonAsync($"/api/v1/admin/parties/{forsakringskassan}", new { managerEmail = (string?)null });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var party = await cleared.ReadJsonAsync();
        Assert.Null((string?)party["managerEmail"]);
        Assert.Equal("Försäkringskassan", (string?)party["name"]);
        Assert.Null(await _factory.ScalarAsync<string?>("SELECT manager_email FROM parties WHERE id = @Id", new { Id = forsakringskassan }));
    }

    private async Task<JsonNode> SetManagerAsync(Guid partyId, string email)
    {
        using var response = await Admin().PatchAsJsonAsync($"/api/v1/admin/parties/{partyId}", new { managerEmail = email });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    /// <summary>The first fixture report with its own description: each routed to the same queue, of the demo triager's group.</summary>
    private JsonObject SameQueue(string which)
    {
        var body = ReportBodies.FromFixture(_referenceData, 0);
        body["description"] = $"{which} rapporten: {(string)body["description"]!}";
        return body;
    }

    private HttpClient Admin() => _factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));

    private Task<IReadOnlyList<Queued>> MailToAsync(string recipient) =>
        _factory.QueryAsync<Queued>("""
            SELECT kind, subject, body, link_path FROM outbox_messages WHERE recipient = @Recipient AND kind <> 'pattern' ORDER BY created_at, id
            """, new { Recipient = recipient });

    private sealed class Queued
    {
        public string Kind { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Body { get; init; } = "";
        public string? LinkPath { get; init; }
    }
}
