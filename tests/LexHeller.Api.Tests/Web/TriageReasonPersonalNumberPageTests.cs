namespace LexHeller.Api.Tests.Web;

/// <summary>The triage reason is read by the personal-number guard on the page too: said in Swedish next to the reason, nothing stored.</summary>
public sealed class TriageReasonPersonalNumberPageTests : WorkflowTests
{
    [Fact]
    public async Task A_personal_number_in_the_triage_reason_is_refused_in_swedish_next_to_the_reason_and_nothing_changes()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 2));
        var page = Factory.CreatePageClient();
        await page.SignInAsync(DemoSeed.TriagerEmail);
        var path = $"/triage/avvikelse/{id}";
        var events = await Factory.ScalarAsync<long>("SELECT COUNT(*) FROM report_events WHERE report_id = @Id", new { Id = id });
        var before = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;

        // An en dash, as Word's autocorrect writes it.
        using var response = await page.PostFormAsync(path,
            [new("Version", $"{(int)before["version"]!}"), new("Triage.Reason", "Gäller personen 850709\u20139805 som tidigare.")], postPath: $"{path}?handler=Triage");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal([ReportFormMessages.PersonalNumber], PageForms.ErrorSummary(html));
        Assert.Contains("id=\"Triage_Reason-error\"", html, StringComparison.Ordinal);
        Assert.Equal(events, await Factory.ScalarAsync<long>("SELECT COUNT(*) FROM report_events WHERE report_id = @Id", new { Id = id }));
        var after = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Equal((string)before["status"]!, (string)after["status"]!);
        Assert.Equal((int)before["version"]!, (int)after["version"]!);
    }
}
