using LexHeller.Api.Tests.Admin;

namespace LexHeller.Api.Tests.FollowUps;

/// <summary>
/// Closing for structural follow-up can start the follow-up (newFollowUp): opened for the report's association,
/// owned by a group the caller sits in, with the report linked, in the closing's transaction; refused otherwise,
/// and then nothing is opened, linked or closed.
/// </summary>
public sealed class CloseWithNewFollowUpTests : FollowUpTests
{
    private async Task<Guid> AnsweredReportAsync()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        await Workflow.StepAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        return id;
    }

    [Fact]
    public async Task Closing_can_start_a_new_follow_up_of_the_group_with_the_report_linked()
    {
        var id = await AnsweredReportAsync();
        var ownerGroupId = await GroupIdAsync();

        var closed = await Workflow.StepAsync(id, "closure", new
        {
            resolution = "structural-follow-up",
            reason = "Brister i överlämningen mellan parterna.",
            newFollowUp = new { title = "Överlämning till Försäkringskassan", ownerGroupId, decision = "Gemensam rutin tas fram.", dueOn = "2027-03-31" },
        });

        Assert.Equal("closed", (string)closed["status"]!);
        Assert.Equal("structural-follow-up", (string)closed["resolution"]!);
        var closedEvent = (await HistoryAsync(id)).Last(e => (string)e!["type"]! == "closed")!;
        var followUpId = (Guid)closedEvent["data"]!["followUpId"]!;
        Assert.True((bool)closedEvent["data"]!["followUpStarted"]!);
        var followUp = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/follow-ups/{followUpId}"))!;
        Assert.Equal("Överlämning till Försäkringskassan", (string)followUp["title"]!);
        Assert.Equal(ownerGroupId, (Guid)followUp["ownerGroupId"]!);
        Assert.Equal("Gemensam rutin tas fram.", (string)followUp["decision"]!);
        Assert.Equal("2027-03-31", (string)followUp["dueOn"]!);
        Assert.Equal("open", (string)followUp["status"]!);
        Assert.Equal([id], followUp["reports"]!.AsArray().Select(report => (Guid)report!["id"]!));
        Assert.Contains(await HistoryAsync(id), e => (string)e!["type"]! == "linked-to-follow-up" && (Guid)e["data"]!["followUpId"]! == followUpId);
    }

    [Fact]
    public async Task A_new_follow_up_is_refused_with_another_resolution_beside_an_existing_one_without_a_title_or_owner_or_with_a_personal_number()
    {
        var id = await AnsweredReportAsync();
        var ownerGroupId = await GroupIdAsync();
        var existing = (Guid)(await CreatedAsync(new { associationCode = "hoglandet", title = "Finns redan", ownerGroupId, reportIds = await FileAsync(1) }))["id"]!;
        var followUps = await FollowUpCountAsync();

        await Problems.AssertInvalidFieldAsync(await Workflow.ActAsync(id, "closure", new
        {
            resolution = "resolved-locally", reason = "Löst.", newFollowUp = new { title = "Ny", ownerGroupId },
        }), "newFollowUp");
        await Problems.AssertInvalidFieldAsync(await Workflow.ActAsync(id, "closure", new
        {
            resolution = "structural-follow-up", reason = "Går vidare.", followUpId = existing, newFollowUp = new { title = "Ny", ownerGroupId },
        }), "followUpId");
        await Problems.AssertInvalidFieldAsync(await Workflow.ActAsync(id, "closure", new
        {
            resolution = "structural-follow-up", reason = "Går vidare.", newFollowUp = new { ownerGroupId },
        }), "newFollowUp.title");
        await Problems.AssertInvalidFieldAsync(await Workflow.ActAsync(id, "closure", new
        {
            resolution = "structural-follow-up", reason = "Går vidare.", newFollowUp = new { title = "Ny" },
        }), "newFollowUp.ownerGroupId");
        var personalNumber = await Workflow.ActAsync(id, "closure", new
        {
            resolution = "structural-follow-up", reason = "Går vidare.", newFollowUp = new { title = "Gäller 19121212-1212", ownerGroupId },
        });
        var refused = await Problems.AssertProblemAsync(personalNumber, HttpStatusCode.UnprocessableEntity);
        Assert.True(refused["errors"]!.AsObject().ContainsKey("newFollowUp.title"), refused.ToJsonString());

        Assert.Equal(followUps, await FollowUpCountAsync());
        Assert.Equal("answered", (string)(await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["status"]!);
    }

    [Fact]
    public async Task A_new_follow_up_owned_by_another_associations_group_or_a_group_the_caller_is_not_in_is_refused_and_nothing_is_kept()
    {
        var id = await AnsweredReportAsync();
        var otherGroup = await Factory.Admin().CreateSteeringGroupAsync(DemoSeed.HoglandetCode, "Styrgruppen utan beredaren");
        var neighbourGroup = await GroupIdAsync("Beredningsgruppen Jönköping");
        var followUps = await FollowUpCountAsync();

        var ofNeighbour = await Workflow.ActAsync(id, "closure", new
        {
            resolution = "structural-follow-up", reason = "Går vidare.", newFollowUp = new { title = "Hos grannen", ownerGroupId = neighbourGroup },
        });
        await Problems.AssertInvalidFieldAsync(ofNeighbour, "newFollowUp.ownerGroupId");
        await Problems.AssertProblemAsync(await Workflow.ActAsync(id, "closure", new
        {
            resolution = "structural-follow-up", reason = "Går vidare.", newFollowUp = new { title = "Hos andra", ownerGroupId = otherGroup },
        }), HttpStatusCode.Forbidden);

        Assert.Equal(followUps, await FollowUpCountAsync());
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM follow_up_reports WHERE report_id = @Id", new { Id = id }));
        Assert.Equal("answered", (string)(await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["status"]!);
    }

    private Task<int> FollowUpCountAsync() => Factory.ScalarAsync<int>("SELECT COUNT(*) FROM follow_ups");
}
