namespace LexHeller.Api.Tests.FollowUps;

public sealed class UpdateFollowUpTests : FollowUpTests
{
    [Fact]
    public async Task Changes_are_logged_and_a_stale_or_missing_etag_is_refused()
    {
        var ids = await FileAsync(1);
        var created = await CreatedAsync(new { associationCode = "hoglandet", title = "Uppföljning", ownerGroupId = await GroupIdAsync(), reportIds = ids });
        var id = (Guid)created["id"]!;
        var more = await FileAsync(1);

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await PatchAsync(id, new { status = "in-progress" }, ifMatch: null)).StatusCode);
        var changed = await PatchAsync(id, new { status = "in-progress", decision = "Ta upp på nästa möte.", addReportIds = more }, "\"1\"");

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"2\"", changed.Headers.ETag!.Tag);
        var body = await changed.ReadJsonAsync();
        Assert.Equal("in-progress", (string)body["status"]!);
        var events = body["events"]!.AsArray();
        Assert.Equal(["created", "reports-linked", "changed", "status-changed", "reports-linked"], events.Select(e => (string)e!["type"]!));
        var decision = events[2]!["data"]!["changes"]!.AsArray().Single()!;
        Assert.Equal("decision", (string)decision["field"]!);
        Assert.Null(decision["from"]);
        Assert.Equal("Ta upp på nästa möte.", (string)decision["to"]!);
        Assert.Equal("open", (string)events[3]!["data"]!["from"]!);
        Assert.Equal("in-progress", (string)events[3]!["data"]!["to"]!);
        Assert.Contains((await HistoryAsync(more[0])), e => (string)e!["type"]! == "linked-to-follow-up");

        await Problems.AssertProblemAsync(await PatchAsync(id, new { title = "Sent" }, "\"1\""), HttpStatusCode.PreconditionFailed);
        await Problems.AssertInvalidFieldAsync(await PatchAsync(id, new { status = "done" }, "\"2\""), "outcome");
        var done = await PatchAsync(id, new { status = "done", outcome = "Rutinen är ändrad hos båda parter." }, "\"2\"");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        await Problems.AssertProblemAsync(await PatchAsync(id, new { addReportIds = ids }, "\"3\""), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_members_of_the_owner_group_may_change_a_follow_up()
    {
        var admin = Factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        var group = await (await admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/steering-groups", new { name = "Arbetsgrupp överlämning" })).ReadJsonAsync();
        const string member = "ledamot@demo.lexheller.example";
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsync($"/api/v1/admin/steering-groups/{group["id"]}/members/{member}", null)).StatusCode);
        var created = await CreatedAsync(new { associationCode = "hoglandet", title = "Överlämningar", ownerGroupId = (Guid)group["id"]!, reportIds = await FileAsync(1) });
        var id = (Guid)created["id"]!;

        await Problems.AssertProblemAsync(await PatchAsync(id, new { status = "in-progress" }, "\"1\""), HttpStatusCode.Forbidden);

        var owner = Factory.CreateClient().WithBearer(TestTokens.For("triager", member));
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(id, new { status = "in-progress" }, "\"1\"", owner)).StatusCode);
    }
}
