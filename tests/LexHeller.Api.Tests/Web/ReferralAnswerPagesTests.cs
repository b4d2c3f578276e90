namespace LexHeller.Api.Tests.Web;

/// <summary>A party's answer reads the same on the party's referral page and on the steering group's report page.</summary>
public sealed class ReferralAnswerPagesTests : WorkflowTests
{
    [Fact]
    public async Task The_party_and_the_steering_group_see_the_answer_with_its_cause_actions_follow_up_and_responder()
    {
        var (id, _, reference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 0));
        await Workflow.StepAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        var answered = await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=answered");
        var referralId = (string)answered!["referrals"]!.AsArray().Single(r => (string)r!["reference"]! == reference)!["id"]!;
        var party = Factory.CreatePageClient();
        await party.SignInAsync(DemoSeed.ResponderFkEmail);
        var steeringGroup = Factory.CreatePageClient();
        await steeringGroup.SignInAsync(DemoSeed.TriagerEmail);

        var partyPage = await party.GetPageAsync($"/part/remiss/{referralId}");
        var reportPage = await steeringGroup.GetPageAsync($"/triage/avvikelse/{id}");

        foreach (var page in new[] { partyPage, reportPage })
        {
            Assert.Contains("<dd class=\"text-block\">Rutinen för överlämning var inte känd hos alla handläggare.</dd>", page, StringComparison.Ordinal);
            Assert.Contains("<dd class=\"text-block\">Rutinen har gåtts igenom på arbetsplatsträff.</dd>", page, StringComparison.Ordinal);
            Assert.Contains("<dd class=\"text-block\">Uppföljning på nästa samverkansmöte.</dd>", page, StringComparison.Ordinal);
            Assert.Contains("<dd>Eva Enhetschef, Enhetschef, ", page, StringComparison.Ordinal);
        }
        Assert.Contains("Ert svar", partyPage, StringComparison.Ordinal);
    }
}
