using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Infrastructure.Problems;

namespace LexHeller.Api.Tests.Triage;

/// <summary>
/// No state without a way out (issue 20, point 1): a question to the reporter is withdrawn, or the report closes once the
/// question has gone unanswered long enough; a referral is withdrawn; a referred report closes with the open referrals
/// left unanswered; a party answers "not ours", naming who it thinks is responsible.
/// </summary>
public sealed class WaysOutTests : WorkflowTests
{
    private const string Fk = "Försäkringskassan";
    private const string Af = "Arbetsförmedlingen";

    private async Task<Guid> TriagedAsync(JsonNode? body = null)
    {
        var (id, _, _) = await Workflow.FileAsync(body ?? ReportBodies.FromFixture(ReferenceData, 1));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        return id;
    }

    private async Task<JsonNode> ReportAsync(Guid id) => (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;

    private async Task<Guid> ReferralIdAsync(Guid reportId, string party) =>
        (Guid)(await ReportAsync(reportId))["referrals"]!.AsArray().Single(referral => (string)referral!["party"]! == party)!["id"]!;

    private Task<IReadOnlyList<string>> RecipientsAsync(Guid reportId, string kind) =>
        Factory.QueryAsync<string>("SELECT recipient FROM outbox_messages WHERE report_id = @Id AND kind = @Kind ORDER BY recipient", new { Id = reportId, Kind = kind });

    private static async Task<string[]> AllowedTransitionsAsync(HttpResponseMessage response)
    {
        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Conflict);
        return [.. problem["allowedTransitions"]!.AsArray().Select(action => (string)action!)];
    }

    private static Task<HttpResponseMessage> DeclineAsync(HttpClient responder, Guid referralId, object body) =>
        responder.PostAsJsonAsync($"/api/v1/referrals/{referralId}/decline", body);

    private static readonly object NotOurs = new { reason = "Ärendet gäller kommunens biståndsbeslut, inte vår handläggning.", suggestedResponsible = "Nässjö kommun, socialtjänsten" };

    [Fact]
    public async Task A_withdrawn_question_takes_the_report_back_to_in_triage_and_the_reporter_is_told()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1, ReportBodies.Contact("fragan@nassjo.example")));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        var asked = await Workflow.StepAsync(id, "information-requests", new { question = "Vilken vecka hände det?", reason = "Behöver veta när." });
        Assert.Contains("withdraw-question", asked["allowedActions"]!.AsArray().Select(action => (string)action!));

        var state = await Workflow.StepAsync(id, "question-withdrawal", new { reason = "Vi går vidare utan svaret." });

        Assert.Equal("in-triage", (string)state["status"]!);
        Assert.Equal([Outbox.ReporterRecipient], await RecipientsAsync(id, Notifier.KindQuestionWithdrawn));
        var history = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
        var withdrawn = history.Single(entry => (string)entry!["type"]! == "question-withdrawn")!;
        Assert.Equal(("needs-info", "in-triage", "Vi går vidare utan svaret."), ((string)withdrawn["from"]!, (string)withdrawn["to"]!, (string)withdrawn["reason"]!));
    }

    [Fact]
    public async Task Withdrawing_a_question_needs_a_question_out_and_a_reason()
    {
        var id = await TriagedAsync();

        Assert.Contains("close", await AllowedTransitionsAsync(await Workflow.ActAsync(id, "question-withdrawal", new { reason = "Ingen fråga finns." })));

        await Workflow.StepAsync(id, "information-requests", new { question = "Vilken vecka hände det?", reason = "Behöver veta när." });
        await Problems.AssertInvalidFieldAsync(await Workflow.ActAsync(id, "question-withdrawal", new { reason = " " }), "reason");
        Assert.Equal(412, (int)(await Workflow.ActAsync(id, "question-withdrawal", new { reason = "Gammal version." }, ifMatch: "\"1\"")).StatusCode);
    }

    [Fact]
    public async Task A_report_waiting_for_the_reporter_closes_once_the_question_has_gone_unanswered_for_thirty_days()
    {
        var id = await TriagedAsync();
        await Workflow.StepAsync(id, "information-requests", new { question = "Vilken vecka hände det?", reason = "Behöver veta när." });
        var askedAt = Factory.Clock.GetUtcNow();
        Assert.Equal(askedAt.AddDays(30), (DateTimeOffset)(await ReportAsync(id))["closableFrom"]!);

        Factory.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        var early = await Workflow.ActAsync(id, "closure", new { resolution = "not-actionable", reason = "Inget svar." });
        Assert.Equal(["withdraw-question", "clarify", "close", "add-note"], await AllowedTransitionsAsync(early));
        Assert.Equal("needs-info", (string)(await ReportAsync(id))["status"]!);

        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["withdraw-question", "clarify", "close", "add-note"],
            await AllowedTransitionsAsync(await Workflow.ActAsync(id, "closure", new { resolution = "answered", reason = "Inget svar." })));
        var closed = await Workflow.StepAsync(id, "closure", new { resolution = "not-actionable", reason = "Rapportören har inte svarat på 30 dagar." });

        Assert.Equal(("closed", "not-actionable"), ((string)closed["status"]!, (string)closed["resolution"]!));
        Assert.Null((await ReportAsync(id))["closableFrom"]);
    }

    [Fact]
    public async Task The_silence_before_closing_is_set_by_Lifecycle_CloseAfterSilenceDays()
    {
        await using var factory = new LexHellerApiFactory().WithSettings(new Dictionary<string, string?> { ["Lifecycle:CloseAfterSilenceDays"] = "5" });
        var workflow = new Workflow(factory);
        var (id, _, _) = await workflow.FileAsync(ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous), 1));
        await workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await workflow.StepAsync(id, "information-requests", new { question = "Vilken vecka hände det?", reason = "Behöver veta när." });

        factory.Clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(HttpStatusCode.Conflict, (await workflow.ActAsync(id, "closure", new { resolution = "not-actionable", reason = "Inget svar." })).StatusCode);
        factory.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("closed", (string)(await workflow.StepAsync(id, "closure", new { resolution = "not-actionable", reason = "Inget svar på fem dagar." }))["status"]!);
    }

    [Fact]
    public async Task Withdrawing_the_only_referral_takes_the_report_back_to_in_triage_and_the_party_is_told_why()
    {
        var id = await TriagedAsync();
        await Workflow.ReferAsync(id, Fk);
        var referral = await ReferralIdAsync(id, Fk);

        var state = await Workflow.StepAsync(id, $"referrals/{referral}/withdrawal", new { reason = "Fel part: frågan gäller kommunen." });

        Assert.Equal("in-triage", (string)state["status"]!);
        var withdrawn = (await ReportAsync(id))["referrals"]![0]!;
        Assert.Equal(("withdrawn", "Fel part: frågan gäller kommunen."), ((string)withdrawn["status"]!, (string)withdrawn["endReason"]!));
        Assert.Equal([DemoSeed.ResponderFkEmail], await RecipientsAsync(id, Notifier.KindReferralWithdrawn));
        var body = await Factory.ScalarAsync<string>("SELECT body FROM outbox_messages WHERE report_id = @Id AND kind = @Kind",
            new { Id = id, Kind = Notifier.KindReferralWithdrawn });
        Assert.Contains("Fel part: frågan gäller kommunen.", body, StringComparison.Ordinal);

        var inbox = (await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=withdrawn"))!["referrals"]!.AsArray();
        Assert.Equal(Workflow.ReferenceOf(id), (string)inbox.Single()!["reference"]!);
        Assert.DoesNotContain((await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=open"))!["referrals"]!.AsArray(),
            open => (string)open!["reference"]! == Workflow.ReferenceOf(id));
    }

    [Fact]
    public async Task Withdrawing_the_last_open_referral_when_another_party_has_answered_makes_the_report_answered()
    {
        var id = await TriagedAsync();
        await Workflow.ReferAsync(id, Fk);
        await Workflow.ReferAsync(id, Af);
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);

        var state = await Workflow.StepAsync(id, $"referrals/{await ReferralIdAsync(id, Af)}/withdrawal", new { reason = "Svaret från Försäkringskassan räcker." });

        Assert.Equal("answered", (string)state["status"]!);
        var events = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray()
            .Select(entry => (string)entry!["type"]!).ToList();
        Assert.Equal(["referral-withdrawn", "answered"], events.TakeLast(2));
    }

    [Fact]
    public async Task Withdrawing_one_of_two_open_referrals_keeps_the_report_referred_until_the_other_answers()
    {
        var id = await TriagedAsync();
        await Workflow.ReferAsync(id, Fk);
        await Workflow.ReferAsync(id, Af);

        Assert.Equal("referred", (string)(await Workflow.StepAsync(id, $"referrals/{await ReferralIdAsync(id, Af)}/withdrawal", new { reason = "Inte aktuell." }))["status"]!);
        var answer = await Workflow.AnswerAsync(Workflow.ResponderFk, id);

        Assert.Equal(("answered", 0), ((string)answer["reportStatus"]!, (int)answer["openReferrals"]!));
    }

    [Fact]
    public async Task A_referral_that_is_not_open_cannot_be_withdrawn_and_one_of_another_report_is_not_found()
    {
        var id = await TriagedAsync();
        await Workflow.ReferAsync(id, Fk);
        await Workflow.ReferAsync(id, Af);
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        var answered = await ReferralIdAsync(id, Fk);

        var refused = await Workflow.ActAsync(id, $"referrals/{answered}/withdrawal", new { reason = "För sent." });
        Assert.Equal(ConflictTitles.ReferralEnded, (string)(await Problems.AssertProblemAsync(refused, HttpStatusCode.Conflict))["title"]!);

        var other = await TriagedAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await Workflow.ActAsync(other, $"referrals/{await ReferralIdAsync(id, Af)}/withdrawal", new { reason = "Fel avvikelse." })).StatusCode);

        await Workflow.AnswerAsync(Workflow.ResponderAf, id);
        Assert.Equal(["request-information", "refer", "close", "publish", "add-note"],
            await AllowedTransitionsAsync(await Workflow.ActAsync(id, $"referrals/{answered}/withdrawal", new { reason = "Besvarad redan." })));
    }

    [Fact]
    public async Task Closing_a_referred_report_leaves_the_open_referrals_unanswered_and_names_their_parties()
    {
        var id = await TriagedAsync();
        await Workflow.ReferAsync(id, Fk);
        await Workflow.ReferAsync(id, Af);
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        Assert.Contains("close", (await ReportAsync(id))["allowedActions"]!.AsArray().Select(action => (string)action!));

        var closed = await Workflow.StepAsync(id, "closure", new { resolution = "answered", reason = "Arbetsförmedlingen har inte svarat på två påminnelser." });

        Assert.Equal(("closed", "answered"), ((string)closed["status"]!, (string)closed["resolution"]!));
        var referrals = (await ReportAsync(id))["referrals"]!.AsArray();
        Assert.Equal([(Af, "unanswered"), (Fk, "answered")],
            referrals.Select(referral => ((string)referral!["party"]!, (string)referral["status"]!)).OrderBy(referral => referral.Item1, StringComparer.Ordinal));
        var closure = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray()
            .Single(entry => (string)entry!["type"]! == "closed")!;
        Assert.Equal([Af], closure["data"]!["unansweredParties"]!.AsArray().Select(party => (string)party!));
        Assert.Equal(Workflow.ReferenceOf(id),
            (string)(await Workflow.ResponderAf.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=unanswered"))!["referrals"]![0]!["reference"]!);
        var late = await DeclineAsync(Workflow.ResponderAf, await ReferralIdAsync(id, Af), NotOurs);
        Assert.Equal(ConflictTitles.ReferralEnded, (string)(await Problems.AssertProblemAsync(late, HttpStatusCode.Conflict))["title"]!);
    }

    [Fact]
    public async Task A_referred_report_without_any_answer_cannot_be_closed_as_answered()
    {
        var id = await TriagedAsync();
        await Workflow.ReferAsync(id, Fk);

        await Problems.AssertInvalidFieldAsync(await Workflow.ActAsync(id, "closure", new { resolution = "answered", reason = "Inget svar." }), "resolution");

        Assert.Equal("open", (string)(await ReportAsync(id))["referrals"]![0]!["status"]!);
        var closed = await Workflow.StepAsync(id, "closure", new { resolution = "not-actionable", reason = "Parten har inte svarat." });
        Assert.Equal("closed", (string)closed["status"]!);
        Assert.Equal("unanswered", (string)(await ReportAsync(id))["referrals"]![0]!["status"]!);
    }

    [Fact]
    public async Task A_party_that_answers_not_ours_sends_the_report_back_to_in_triage_with_its_suggestion_and_the_group_is_told()
    {
        var id = await TriagedAsync();
        await Workflow.ReferAsync(id, Fk);
        var referral = await ReferralIdAsync(id, Fk);

        var response = await DeclineAsync(Workflow.ResponderFk, referral, NotOurs);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var declined = await response.ReadJsonAsync();
        Assert.Equal(("in-triage", 0), ((string)declined["reportStatus"]!, (int)declined["openReferrals"]!));
        var shown = (await ReportAsync(id))["referrals"]![0]!;
        Assert.Equal(("declined", "Nässjö kommun, socialtjänsten"), ((string)shown["status"]!, (string)shown["suggestedResponsible"]!));
        Assert.Contains(DemoSeed.TriagerEmail, await RecipientsAsync(id, Notifier.KindGroupDeclined));
        var mail = await Factory.ScalarAsync<string>("SELECT body FROM outbox_messages WHERE report_id = @Id AND kind = @Kind AND recipient = @Recipient",
            new { Id = id, Kind = Notifier.KindGroupDeclined, Recipient = DemoSeed.TriagerEmail });
        Assert.Contains("Nässjö kommun, socialtjänsten", mail, StringComparison.Ordinal);

        var again = await DeclineAsync(Workflow.ResponderFk, referral, NotOurs);
        Assert.Equal(ConflictTitles.ReferralEnded, (string)(await Problems.AssertProblemAsync(again, HttpStatusCode.Conflict))["title"]!);
    }

    [Fact]
    public async Task A_party_that_answers_not_ours_while_another_referral_is_open_leaves_the_report_referred()
    {
        var id = await TriagedAsync();
        await Workflow.ReferAsync(id, Fk);
        await Workflow.ReferAsync(id, Af);

        var declined = await (await DeclineAsync(Workflow.ResponderAf, await ReferralIdAsync(id, Af), NotOurs)).ReadJsonAsync();

        Assert.Equal(("referred", 1), ((string)declined["reportStatus"]!, (int)declined["openReferrals"]!));
    }

    [Fact]
    public async Task Not_ours_needs_a_reason_and_a_suggestion_without_personal_numbers_and_only_the_partys_own_responder_can_send_it()
    {
        var id = await TriagedAsync();
        await Workflow.ReferAsync(id, Fk);
        var referral = await ReferralIdAsync(id, Fk);

        await Problems.AssertInvalidFieldAsync(await DeclineAsync(Workflow.ResponderFk, referral, new { reason = "Inte vårt.", suggestedResponsible = "" }), "suggestedResponsible");
        var personal = await DeclineAsync(Workflow.ResponderFk, referral, new { reason = "Gäller 811218-9876.", suggestedResponsible = "Kommunen" });
        Assert.True((await Problems.AssertProblemAsync(personal, HttpStatusCode.UnprocessableEntity))["errors"]!.AsObject().ContainsKey("reason"));
        Assert.Equal(HttpStatusCode.NotFound, (await DeclineAsync(Workflow.ResponderAf, referral, NotOurs)).StatusCode);

        Assert.Equal("open", (string)(await ReportAsync(id))["referrals"]![0]!["status"]!);
    }
}
