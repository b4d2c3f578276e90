namespace LexHeller.Api.Tests.FollowUps;

/// <summary>Closing a report for structural follow-up (the closure step) needs a follow-up that is still live, and links the report to it.</summary>
public sealed class CloseForStructuralFollowUpTests : FollowUpTests
{
    [Fact]
    public async Task Closing_for_structural_follow_up_links_the_report_and_is_refused_without_a_live_follow_up()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        await Workflow.StepAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        var followUp = await CreatedAsync(new { associationCode = "hoglandet", title = "Överlämningar", ownerGroupId = await GroupIdAsync(), reportIds = await FileAsync(1) });
        var followUpId = (Guid)followUp["id"]!;

        await Problems.AssertInvalidFieldAsync(
            await Workflow.ActAsync(id, "closure", new { resolution = "structural-follow-up", reason = "Går vidare." }), "followUpId");
        await Problems.AssertInvalidFieldAsync(
            await Workflow.ActAsync(id, "closure", new { resolution = "resolved-locally", followUpId, reason = "Löst." }), "followUpId");
        await Problems.AssertInvalidFieldAsync(
            await Workflow.ActAsync(id, "closure", new { resolution = "structural-follow-up", followUpId = Guid.NewGuid(), reason = "Går vidare." }), "followUpId");

        var closed = await Workflow.StepAsync(id, "closure", new { resolution = "structural-follow-up", followUpId, reason = "Går vidare till uppföljningen." });

        Assert.Equal("structural-follow-up", (string)closed["resolution"]!);
        Assert.Contains(await HistoryAsync(id), e => (string)e!["type"]! == "linked-to-follow-up");
        var read = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/follow-ups/{followUpId}"))!;
        Assert.Contains(read["reports"]!.AsArray(), report => (Guid)report!["id"]! == id);
        Assert.Equal(2, (int)read["version"]!);
    }

    [Fact]
    public async Task A_done_follow_up_takes_no_closed_reports()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        await Workflow.StepAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        var followUp = await CreatedAsync(new { associationCode = "hoglandet", title = "Klar", ownerGroupId = await GroupIdAsync(), reportIds = await FileAsync(1) });
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync((Guid)followUp["id"]!, new { status = "done", outcome = "Klart." }, "\"1\"")).StatusCode);

        await Problems.AssertInvalidFieldAsync(
            await Workflow.ActAsync(id, "closure", new { resolution = "structural-follow-up", followUpId = (Guid)followUp["id"]!, reason = "Går vidare." }), "followUpId");
    }
}
