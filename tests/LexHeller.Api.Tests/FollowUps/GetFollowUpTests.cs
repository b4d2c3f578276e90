namespace LexHeller.Api.Tests.FollowUps;

public sealed class GetFollowUpTests : FollowUpTests
{
    [Fact]
    public async Task Analysts_read_follow_ups_with_a_count_instead_of_the_reports_and_reporters_may_not()
    {
        var created = await CreatedAsync(new { associationCode = "hoglandet", title = "Uppföljning", ownerGroupId = await GroupIdAsync(), reportIds = await FileAsync(3) });
        var analyst = Factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));

        var read = (await analyst.GetFromJsonAsync<JsonNode>($"/api/v1/follow-ups/{created["id"]}"))!;

        Assert.Null(read["reports"]);
        Assert.Equal(3, (int)read["linkedReportCount"]!);
        Assert.Null(read["events"]!.AsArray().Single(e => (string)e!["type"]! == "reports-linked")!["data"]);
        Assert.DoesNotContain("LH-", read.ToJsonString(), StringComparison.Ordinal);
        await Problems.AssertProblemAsync(await CreateAsync(new { associationCode = "hoglandet", title = "Analys", ownerGroupId = await GroupIdAsync(), reportIds = await FileAsync(1) }, analyst),
            HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await Workflow.Reporter.GetAsync("/api/v1/follow-ups?associationCode=hoglandet"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await Workflow.ResponderFk.GetAsync($"/api/v1/follow-ups/{created["id"]}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Workflow.Anonymous.GetAsync("/api/v1/follow-ups?associationCode=hoglandet")).StatusCode);
        await Problems.AssertProblemAsync(await analyst.GetAsync($"/api/v1/follow-ups/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }
}
