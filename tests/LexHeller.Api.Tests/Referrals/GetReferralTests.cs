namespace LexHeller.Api.Tests.Referrals;

public sealed class GetReferralTests : WorkflowTests
{
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
    public async Task A_responder_never_sees_a_reporter_who_asked_for_anonymity()
    {
        var (anonymousId, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 10, ReportBodies.Contact("hemlig@af.example", anonymousToParties: true)));
        var (openId, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 13, ReportBodies.Contact("oppen@kommun.example")));
        foreach (var id in new[] { anonymousId, openId })
        {
            await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
            await Workflow.ReferAsync(id, "Försäkringskassan");
        }

        var referrals = (await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=open"))!["referrals"]!.AsArray();

        var anonymous = referrals.Single(r => (string)r!["reference"]! == Workflow.ReferenceOf(anonymousId))!;
        Assert.False(anonymous.AsObject().TryGetPropertyValue("reporter", out var hidden) && hidden is not null);
        Assert.DoesNotContain("hemlig@af.example", anonymous.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Anna Handläggare", anonymous.ToJsonString(), StringComparison.Ordinal);
        var single = await Workflow.ResponderFk.GetStringAsync($"/api/v1/referrals/{anonymous["id"]}");
        Assert.DoesNotContain("hemlig@af.example", single, StringComparison.Ordinal);

        // The inbox list carries no contact at all; the referral itself does, where the reporter allowed it.
        var open = referrals.Single(r => (string)r!["reference"]! == Workflow.ReferenceOf(openId))!;
        Assert.DoesNotContain("oppen@kommun.example", open.ToJsonString(), StringComparison.Ordinal);
        var openReferral = await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>($"/api/v1/referrals/{open["id"]}");
        Assert.Equal("oppen@kommun.example", (string)openReferral!["reporter"]!["email"]!);
    }
}
