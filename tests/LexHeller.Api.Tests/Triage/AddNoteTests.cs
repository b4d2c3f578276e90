namespace LexHeller.Api.Tests.Triage;

public sealed class AddNoteTests : WorkflowTests
{
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
