namespace LexHeller.Api.Tests.Referrals;

public sealed class AnswerReferralTests : WorkflowTests
{
    [Fact]
    public async Task A_referral_is_answered_once()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        var referralId = (Guid)(await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=answered"))!["referrals"]![0]!["id"]!;
        var first = (await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>($"/api/v1/referrals/{referralId}"))!["answer"]!;
        Factory.Clock.Advance(TimeSpan.FromHours(1));

        var again = await Workflow.ResponderFk.PostAsJsonAsync($"/api/v1/referrals/{referralId}/answer", new
        {
            cause = "Igen", actions = "Igen", followUpPlan = "Igen", responderName = "Igen", responderRole = "Igen",
        });

        await Problems.AssertProblemAsync(again, HttpStatusCode.Conflict);
        // The first answer survives whole, its time included, for the responder and for the triager.
        var referral = (await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>($"/api/v1/referrals/{referralId}"))!;
        Assert.Equal(("answered", "Rutinen för överlämning var inte känd hos alla handläggare."), ((string)referral["status"]!, (string)first["cause"]!));
        Assert.True(JsonNode.DeepEquals(first, referral["answer"]), $"The answer changed: {referral["answer"]?.ToJsonString()}");
        Assert.DoesNotContain("Igen", (await Workflow.Triager.GetStringAsync($"/api/v1/reports/{id}")), StringComparison.Ordinal);
    }
}
