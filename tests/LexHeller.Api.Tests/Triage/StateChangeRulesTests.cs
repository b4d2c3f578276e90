using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LexHeller.Api.Demo;
using LexHeller.Testing;

namespace LexHeller.Api.Tests.Triage;

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
    public async Task A_personal_number_in_a_question_is_refused_with_422_and_nothing_changes()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });

        var response = await Workflow.ActAsync(id, "information-requests", new { reason = "Fråga.", question = "Gäller det 811218-9876?" });

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("question"));
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM report_messages WHERE report_id = @Id", new { Id = id }));
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

    [Fact]
    public async Task A_responder_of_another_party_gets_404_for_the_referral_and_cannot_answer_it()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        var referralId = (Guid)(await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>("/api/v1/referrals"))!["referrals"]![0]!["id"]!;

        await Problems.AssertProblemAsync(await Workflow.ResponderAf.GetAsync($"/api/v1/referrals/{referralId}"), HttpStatusCode.NotFound);
        var answer = await Workflow.ResponderAf.PostAsJsonAsync($"/api/v1/referrals/{referralId}/answer", new
        {
            cause = "x", actions = "x", followUpPlan = "x", responderName = "x", responderRole = "x",
        });
        await Problems.AssertProblemAsync(answer, HttpStatusCode.NotFound);
        Assert.Empty((await Workflow.ResponderAf.GetFromJsonAsync<JsonNode>("/api/v1/referrals"))!["referrals"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await Workflow.ResponderFk.GetAsync($"/api/v1/referrals/{referralId}")).StatusCode);
    }

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

    [Fact]
    public async Task A_referral_is_answered_once()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        var referralId = (Guid)(await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=answered"))!["referrals"]![0]!["id"]!;

        var again = await Workflow.ResponderFk.PostAsJsonAsync($"/api/v1/referrals/{referralId}/answer", new
        {
            cause = "Igen", actions = "Igen", followUpPlan = "Igen", responderName = "Igen", responderRole = "Igen",
        });

        await Problems.AssertProblemAsync(again, HttpStatusCode.Conflict);
    }
}
