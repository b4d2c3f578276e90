namespace LexHeller.Api.Tests.Web;

/// <summary>The triage page's close form offers the association's live follow-ups and says in Swedish when none was chosen.</summary>
public sealed class CloseForStructuralFollowUpPageTests : WorkflowTests
{
    [Fact]
    public async Task The_close_form_offers_the_follow_ups_that_are_not_done_and_links_the_chosen_one()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        await Workflow.StepAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        var ownerGroupId = await Factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = 'Beredningsgruppen Höglandet'");
        var live = await (await Workflow.Triager.PostAsJsonAsync("/api/v1/follow-ups",
            new { associationCode = "hoglandet", title = "Överlämningar mellan region och kommun", ownerGroupId, reportIds = new[] { id } })).ReadJsonAsync();
        var done = await (await Workflow.Triager.PostAsJsonAsync("/api/v1/follow-ups",
            new { associationCode = "hoglandet", title = "Redan avslutad uppföljning", ownerGroupId, reportIds = new[] { id } })).ReadJsonAsync();
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/follow-ups/{done["id"]}") { Content = JsonContent.Create(new { status = "done", outcome = "Klart." }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await Workflow.Triager.SendAsync(request)).StatusCode);
        var page = Factory.CreatePageClient();
        await page.SignInAsync(DemoSeed.TriagerEmail);
        var path = $"/triage/avvikelse/{id}";
        var version = (int)(await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["version"]!;

        var form = await page.GetPageAsync(path);
        using var refused = await page.PostFormAsync(path,
            [new("Version", $"{version}"), new("Close.Resolution", "structural-follow-up"), new("Close.Reason", "Går vidare.")], postPath: $"{path}?handler=Close");
        using var closed = await page.PostFormAsync(path,
            [new("Version", $"{version}"), new("Close.Resolution", "structural-follow-up"), new("Close.FollowUpId", $"{live["id"]}"), new("Close.Reason", "Går vidare.")],
            postPath: $"{path}?handler=Close");

        Assert.Contains("Överlämningar mellan region och kommun (Öppen)", form, StringComparison.Ordinal);
        Assert.DoesNotContain("Redan avslutad uppföljning", form, StringComparison.Ordinal);
        Assert.Equal(["Välj vilken strukturell uppföljning avvikelsen går vidare till, eller starta en ny."], PageForms.ErrorSummary(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var report = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Equal("structural-follow-up", (string)report["resolution"]!);
    }
}
