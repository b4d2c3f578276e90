using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LexHeller.Api.Demo;
using LexHeller.Testing;

namespace LexHeller.Api.Tests.Triage;

public sealed class TriageJourneyTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private Workflow _workflow = null!;
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync()
    {
        _workflow = new Workflow(_factory);
        _referenceData = await ReferenceDataSnapshot.LoadAsync(_workflow.Anonymous);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Theory]
    [InlineData(0, "Beredningsgruppen Höglandet")]   // conflicting-rules: the category rule sends it to the beredningsgrupp
    [InlineData(2, "LSG Vetlanda")]
    [InlineData(7, "LSG Tranås")]
    public async Task A_report_goes_from_submit_through_two_referrals_to_closed_and_the_receipt_shows_each_step(int fixture, string queue)
    {
        var contact = ReportBodies.Contact($"rapportor{fixture}@kommun.example");
        var (id, token, reference) = await _workflow.FileAsync(ReportBodies.FromFixture(_referenceData, fixture, contact));

        var report = (await _workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Equal(queue, (string)report["queue"]!["name"]!);
        var history = (await _workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
        Assert.Equal(["submitted", "routed"], history.Select(e => (string)e!["type"]!));
        Assert.Contains(queue, (string)history[1]!["data"]!["queue"]!, StringComparison.Ordinal);

        Assert.Equal("in-triage", (string)(await _workflow.StepAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." }))["status"]!);
        await _workflow.ReferAsync(id, "Försäkringskassan");
        await _workflow.ReferAsync(id, "Arbetsförmedlingen");
        Assert.Equal("referred", (string)(await _workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["status"]!);

        var first = await _workflow.AnswerAsync(_workflow.ResponderFk, id);
        Assert.Equal("referred", (string)first["reportStatus"]!);
        Assert.Equal(1, (int)first["openReferrals"]!);
        var second = await _workflow.AnswerAsync(_workflow.ResponderAf, id);
        Assert.Equal("answered", (string)second["reportStatus"]!);

        var closed = await _workflow.StepAsync(id, "closure", new
        {
            resolution = "answered",
            reason = "Båda parterna har svarat och åtgärder är beslutade.",
            messageToReporter = "Tack för din rapport. Parterna har svarat och frågan följs upp i styrgruppen.",
        });
        Assert.Equal("closed", (string)closed["status"]!);
        Assert.Equal("answered", (string)closed["resolution"]!);

        var receipt = await _workflow.ReceiptAsync(token);
        Assert.Equal(reference, (string)receipt["reference"]!);
        Assert.Equal(["received", "in-triage", "referred", "referred", "answered", "closed"],
            receipt["timeline"]!.AsArray().Select(e => (string)e!["status"]!));
        Assert.Equal(["Arbetsförmedlingen", "Försäkringskassan"], receipt["referredTo"]!.AsArray().Select(p => (string)p!).Order());
        Assert.Equal(2, receipt["answers"]!.AsArray().Count);
        Assert.All(receipt["answers"]!.AsArray(), answer => Assert.Equal("Enhetschef", (string)answer!["responderRole"]!));
        Assert.Equal("closure", (string)receipt["messages"]!.AsArray().Single()!["kind"]!);
        var receiptJson = receipt.ToJsonString();
        Assert.DoesNotContain("triager@demo", receiptJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Eva Enhetschef", receiptJson, StringComparison.Ordinal);

        var mail = await _factory.QueryAsync<string>(
            "SELECT kind FROM outbox_messages WHERE report_id = @Id AND recipient = @Recipient ORDER BY created_at, kind",
            new { Id = id, Recipient = $"rapportor{fixture}@kommun.example" });
        Assert.Equal(["answer", "answer", "closure", "referral-to-reporter", "referral-to-reporter"], mail.Order());
        Assert.Equal(1, await _factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND kind = 'referral' AND recipient = 'responder.fk@demo.lexheller.example'",
            new { Id = id }));
    }

    [Fact]
    public async Task Each_state_change_appends_exactly_one_event_with_the_reason()
    {
        var (id, _, _) = await _workflow.FileAsync(ReportBodies.FromFixture(_referenceData, 3));

        await _workflow.StepAsync(id, "triage", new { reason = "Första bedömning." });
        await _workflow.StepAsync(id, "closure", new { resolution = "resolved-locally", reason = "Löst direkt med enhetschefen." });
        await _workflow.StepAsync(id, "reopening", new { reason = "Problemet kom tillbaka." });

        var events = (await _workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
        var changes = events.Where(e => e!["to"] is not null).Select(e => ((string)e!["type"]!, (string?)e["from"], (string)e["to"]!, (string?)e["reason"])).ToList();
        Assert.Equal(
        [
            ("submitted", null, "received", null),
            ("triaged", "received", "in-triage", "Första bedömning."),
            ("closed", "in-triage", "closed", "Löst direkt med enhetschefen."),
            ("reopened", "closed", "in-triage", "Problemet kom tillbaka."),
        ], changes);
        Assert.Equal(DemoSeed.TriagerEmail, (string)events.Last()!["actor"]!);
        var report = (await _workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Null(report["resolution"]);
        Assert.Equal(4, (int)report["version"]!);
    }

    [Fact]
    public async Task A_note_is_kept_for_the_steering_group_and_never_reaches_the_receipt()
    {
        var (id, token, _) = await _workflow.FileAsync(ReportBodies.FromFixture(_referenceData, 5));

        var response = await _workflow.Triager.PostAsJsonAsync($"/api/v1/reports/{id}/notes", new { text = "Intern notering: kontrollera med AF-chefen." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = (await _workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Equal("Intern notering: kontrollera med AF-chefen.", (string)report["notes"]![0]!["text"]!);
        Assert.DoesNotContain("Intern notering", (await _workflow.ReceiptAsync(token)).ToJsonString(), StringComparison.Ordinal);
    }
}
