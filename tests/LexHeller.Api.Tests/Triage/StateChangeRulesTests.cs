namespace LexHeller.Api.Tests.Triage;

/// <summary>What every state change of a report asks, whatever the step: a valid body, a triager of the report's group.</summary>
public sealed class StateChangeRulesTests : WorkflowTests
{
    [Theory]
    [InlineData("triage", "{}", "reason")]
    [InlineData("triage", "{\"reason\":\"   \"}", "reason")]
    [InlineData("information-requests", "{\"reason\":\"Oklart.\"}", "question")]
    [InlineData("referrals", "{\"reason\":\"Oklart.\",\"question\":\"Varför?\"}", "partyId")]
    [InlineData("referrals", "{\"reason\":\"Oklart.\",\"question\":\"Varför?\",\"partyId\":\"00000000-0000-0000-0000-000000000001\"}", "partyId")]
    [InlineData("referrals", "{\"reason\":\"Oklart.\",\"question\":\"Varför?\",\"partyId\":\"PARTY\",\"dueDate\":\"2020-01-01\"}", "dueDate")]
    [InlineData("closure", "{\"reason\":\"Klar.\"}", "resolution")]
    [InlineData("closure", "{\"reason\":\"Klar.\",\"resolution\":\"finished\"}", "resolution")]
    [InlineData("closure", "{\"reason\":\"Klar.\",\"resolution\":\"out-of-scope\"}", "messageToReporter")]
    [InlineData("closure", "{\"reason\":\"Klar.\",\"resolution\":\"duplicate\"}", "duplicateOfReportId")]
    [InlineData("closure", "{\"reason\":\"Klar.\",\"resolution\":\"forwarded\",\"forwardToAssociationCode\":\"atlantis\"}", "forwardToAssociationCode")]
    [InlineData("triage", "{\"reason\":\"Kategori.\",\"category\":\"bad-luck\"}", "category")]
    public async Task Invalid_workflow_input_is_a_400_naming_the_field(string step, string json, string field)
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        var body = JsonNode.Parse(json.Replace("PARTY", (await Workflow.PartyIdAsync("Försäkringskassan")).ToString(), StringComparison.Ordinal))!;
        if (step != "triage")
            await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });

        var response = await Workflow.ActAsync(id, step, body);

        await Problems.AssertInvalidFieldAsync(response, field);
    }

    [Fact]
    public async Task A_triager_of_another_group_gets_403()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        var outsider = Factory.CreateClient().WithBearer(TestTokens.For("triager", "lsg.other@demo.lexheller.example"));
        await Factory.ExecuteAsync("""
            INSERT INTO steering_group_members (steering_group_id, user_key)
            SELECT g.id, 'lsg.other@demo.lexheller.example' FROM steering_groups g WHERE g.name = 'Beredningsgruppen Jönköping'
            """);

        var response = await Workflow.ActAsync(id, "triage", new { reason = "Inte min grupp." }, client: outsider);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await outsider.GetAsync($"/api/v1/reports/{id}"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await outsider.GetAsync($"/api/v1/reports/{id}/history"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_may_read_but_not_act()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        var admin = Factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/reports/{id}/history")).StatusCode);
        await Problems.AssertProblemAsync(await Workflow.ActAsync(id, "triage", new { reason = "Admin." }, client: admin), HttpStatusCode.Forbidden);
    }
}
