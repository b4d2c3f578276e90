namespace LexHeller.Api.Tests.Triage;

public sealed class CloseReportTests : WorkflowTests
{
    [Fact]
    public async Task Closing_as_a_duplicate_links_both_reports()
    {
        var (survivor, _, survivorReference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        var (duplicate, _, duplicateReference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));

        await Workflow.StepAsync(duplicate, "closure", new { resolution = "duplicate", duplicateOfReportId = survivor, reason = $"Samma händelse som {survivorReference}." });

        var closed = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{duplicate}"))!;
        Assert.Equal(survivor, (Guid)closed["duplicateOfReportId"]!);
        var survivorHistory = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{survivor}/history"))!["events"]!.AsArray();
        var link = survivorHistory.Single(e => (string)e!["type"]! == "duplicate-linked")!;
        Assert.Equal(duplicateReference, (string)link["data"]!["duplicate"]!);
    }

    [Fact]
    public async Task A_report_cannot_be_a_duplicate_of_itself_or_of_another_associations_report()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        var neighbours = await Factory.ScalarAsync<Guid>("SELECT r.id FROM reports r JOIN associations a ON a.id = r.association_id WHERE a.code = 'jonkoping'");

        await Problems.AssertInvalidFieldAsync(
            await Workflow.ActAsync(id, "closure", new { resolution = "duplicate", duplicateOfReportId = id, reason = "Sig själv." }), "duplicateOfReportId");
        await Problems.AssertInvalidFieldAsync(
            await Workflow.ActAsync(id, "closure", new { resolution = "duplicate", duplicateOfReportId = neighbours, reason = "Annat förbund." }), "duplicateOfReportId");
    }

    [Fact]
    public async Task Forwarding_copies_the_report_into_the_other_associations_intake_and_the_receipt_says_where_it_went()
    {
        var (id, token, reference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 11, ReportBodies.Contact("vidare@savsjo.example")));

        await Workflow.StepAsync(id, "closure", new { resolution = "forwarded", forwardToAssociationCode = DemoSeed.NeighbourCode, reason = "Gäller Jönköpings förbund." });

        var original = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        var copyId = (Guid)original["forwardedToReportId"]!;
        var admin = Factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        var copy = (await admin.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{copyId}"))!;
        Assert.Equal(DemoSeed.NeighbourCode, (string)copy["association"]!["code"]!);
        Assert.Equal("received", (string)copy["status"]!);
        Assert.Equal(id, (Guid)copy["forwardedFromReportId"]!);
        Assert.Equal((string)original["description"]!, (string)copy["description"]!);
        Assert.Equal("vidare@savsjo.example", (string)copy["reporter"]!["email"]!);
        Assert.Equal("Beredningsgruppen Jönköping", (string)copy["queue"]!["name"]!);

        var receipt = await Workflow.ReceiptAsync(token);
        Assert.Equal(reference, (string)receipt["reference"]!);
        Assert.Equal("forwarded", (string)receipt["resolution"]!);
        Assert.Equal("Samordningsförbundet Jönköping", (string)receipt["forwardedTo"]!["associationName"]!);
        Assert.Equal((string)copy["reference"]!, (string)receipt["forwardedTo"]!["reference"]!);
    }
}
