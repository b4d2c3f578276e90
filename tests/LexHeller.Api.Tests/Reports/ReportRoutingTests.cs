namespace LexHeller.Api.Tests.Reports;

public sealed class ReportRoutingTests : WorkflowTests
{
    [Fact]
    public async Task The_healthcare_rule_forwards_an_aneby_report_about_the_region_on_submit()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 9));   // Aneby, the region involved

        var history = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
        Assert.Equal(["submitted", "routed", "closed"], history.Select(e => (string)e!["type"]!));
        Assert.Contains("Hälso- och sjukvård i Aneby", (string)history[1]!["data"]!["rule"]!, StringComparison.Ordinal);
        Assert.Equal("Samordningsförbundet Jönköping", (string)(await Workflow.ReceiptAsync(token))["forwardedTo"]!["associationName"]!);
    }
}
