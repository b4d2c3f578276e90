using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LexHeller.Api.Demo;
using LexHeller.Testing;

namespace LexHeller.Api.Tests.Triage;

public sealed class TriageHistoryTests : WorkflowTests
{
    [Fact]
    public async Task Each_state_change_appends_exactly_one_event_with_the_reason()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));

        await Workflow.StepAsync(id, "triage", new { reason = "Första bedömning." });
        await Workflow.StepAsync(id, "closure", new { resolution = "resolved-locally", reason = "Löst direkt med enhetschefen." });
        await Workflow.StepAsync(id, "reopening", new { reason = "Problemet kom tillbaka." });

        var events = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
        var changes = events.Where(e => e!["to"] is not null).Select(e => ((string)e!["type"]!, (string?)e["from"], (string)e["to"]!, (string?)e["reason"])).ToList();
        Assert.Equal(
        [
            ("submitted", null, "received", null),
            ("triaged", "received", "in-triage", "Första bedömning."),
            ("closed", "in-triage", "closed", "Löst direkt med enhetschefen."),
            ("reopened", "closed", "in-triage", "Problemet kom tillbaka."),
        ], changes);
        Assert.Equal(DemoSeed.TriagerEmail, (string)events.Last()!["actor"]!);
        var report = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Null(report["resolution"]);
        Assert.Equal(4, (int)report["version"]!);
    }

    [Fact]
    public async Task A_note_is_kept_for_the_steering_group_and_never_reaches_the_receipt()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));

        var response = await Workflow.Triager.PostAsJsonAsync($"/api/v1/reports/{id}/notes", new { text = "Intern notering: kontrollera med AF-chefen." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Equal("Intern notering: kontrollera med AF-chefen.", (string)report["notes"]![0]!["text"]!);
        Assert.DoesNotContain("Intern notering", (await Workflow.ReceiptAsync(token)).ToJsonString(), StringComparison.Ordinal);
    }
}
