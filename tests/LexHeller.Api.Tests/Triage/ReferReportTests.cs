namespace LexHeller.Api.Tests.Triage;

public sealed class ReferReportTests : WorkflowTests
{
    [Fact]
    public async Task A_party_without_a_contact_person_cannot_be_referred_to_until_it_has_one()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        var eksjo = await Workflow.PartyIdAsync("Eksjö kommun");
        var refer = new { partyId = eksjo, question = "Vad hände?", reason = "Kommunen är ansvarig." };

        var refused = await Workflow.ActAsync(id, "referrals", refer);

        var problem = await Problems.AssertProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("Eksjö kommun", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM referrals WHERE report_id = @Id", new { Id = id }));

        var admin = Factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        Assert.True((await admin.PutAsync($"/api/v1/admin/parties/{eksjo}/contacts/socialchef@eksjo.example", null)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Workflow.ActAsync(id, "referrals", refer)).StatusCode);
    }
}
