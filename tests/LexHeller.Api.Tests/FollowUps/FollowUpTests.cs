using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LexHeller.Api.Demo;
using LexHeller.Api.Tests.Patterns;
using LexHeller.Testing;

namespace LexHeller.Api.Tests.FollowUps;

public sealed class FollowUpTests : WorkflowTests
{
    private async Task<Guid> GroupIdAsync(string name = "Beredningsgruppen Höglandet") =>
        await Factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = @Name", new { Name = name });

    private async Task<HttpResponseMessage> CreateAsync(object body, HttpClient? client = null) =>
        await (client ?? Workflow.Triager).PostAsJsonAsync("/api/v1/follow-ups", body);

    private async Task<JsonNode> CreatedAsync(object body)
    {
        var response = await CreateAsync(body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<HttpResponseMessage> PatchAsync(Guid id, object body, string? ifMatch, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/follow-ups/{id}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await (client ?? Workflow.Triager).SendAsync(request);
    }

    private async Task<IReadOnlyList<Guid>> FileAsync(int count)
    {
        var today = PatternBodies.Today(Factory);
        return await PatternBodies.FileAsync(Workflow, ReferenceData, [.. Enumerable.Range(0, count).Select(day => today.AddDays(-day))]);
    }

    private async Task<JsonArray> HistoryAsync(Guid reportId) =>
        (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{reportId}/history"))!["events"]!.AsArray();

    [Fact]
    public async Task A_follow_up_made_from_a_pattern_links_the_reports_in_it_and_remembers_the_pattern()
    {
        var ids = await FileAsync(3);
        var ownerGroupId = await GroupIdAsync();

        var response = await CreateAsync(new
        {
            associationCode = "hoglandet",
            title = "Samverkan kring kunskap om varandras uppdrag",
            ownerGroupId,
            decision = "Beredningsgruppen tar upp frågan med regionen och Arbetsförmedlingen.",
            dueOn = "2027-03-31",
            patternKey = PatternBodies.Key,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        Assert.Equal($"/api/v1/follow-ups/{created["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal("open", (string)created["status"]!);
        Assert.Equal(PatternBodies.Key, (string)created["patternKey"]!);
        Assert.Equal(PatternBodies.Category, (string)created["patternCategory"]!);
        Assert.Equal(ids.Order(), created["reports"]!.AsArray().Select(report => (Guid)report!["id"]!).Order());
        Assert.Equal(["created", "reports-linked"], created["events"]!.AsArray().Select(e => (string)e!["type"]!));
        Assert.Equal(DemoSeed.TriagerEmail, (string)created["events"]![0]!["actor"]!);
        foreach (var id in ids)
        {
            var link = (await HistoryAsync(id)).Single(e => (string)e!["type"]! == "linked-to-follow-up")!;
            Assert.Equal((Guid)created["id"]!, (Guid)link["data"]!["followUpId"]!);
        }

        var read = await Workflow.Triager.GetAsync($"/api/v1/follow-ups/{created["id"]}");
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        var listed = (await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/follow-ups?associationCode=hoglandet&status=open"))!;
        Assert.Contains(listed["followUps"]!.AsArray(), item => (Guid)item!["id"]! == (Guid)created["id"]! && (int)item["linkedReportCount"]! == 3);
    }

    [Fact]
    public async Task A_follow_up_needs_a_pattern_over_its_threshold_or_reports_of_its_own_association()
    {
        var ids = await FileAsync(2);
        var ownerGroupId = await GroupIdAsync();
        var neighbours = await Factory.ScalarAsync<Guid>("SELECT r.id FROM reports r JOIN associations a ON a.id = r.association_id WHERE a.code = 'jonkoping'");

        await Problems.AssertInvalidFieldAsync(await CreateAsync(new { associationCode = "hoglandet", title = "Mönster", ownerGroupId, patternKey = PatternBodies.Key }), "patternKey");
        await Problems.AssertInvalidFieldAsync(await CreateAsync(new { associationCode = "hoglandet", title = "Mönster", ownerGroupId, patternKey = "knowledge|region" }), "patternKey");
        await Problems.AssertInvalidFieldAsync(await CreateAsync(new { associationCode = "hoglandet", title = "Båda", ownerGroupId, patternKey = PatternBodies.Key, reportIds = ids }), "patternKey");
        await Problems.AssertInvalidFieldAsync(await CreateAsync(new { associationCode = "hoglandet", title = "Fel förbund", ownerGroupId, reportIds = new[] { ids[0], neighbours } }), "reportIds");
        var neighbourGroup = await GroupIdAsync("Beredningsgruppen Jönköping");
        await Problems.AssertInvalidFieldAsync(await CreateAsync(new { associationCode = "hoglandet", title = "Fel grupp", ownerGroupId = neighbourGroup, reportIds = ids }), "ownerGroupId");

        var created = await CreatedAsync(new { associationCode = "hoglandet", title = "Två avvikelser", ownerGroupId, reportIds = ids });
        Assert.Null(created["patternKey"]);
        Assert.Equal(2, (int)created["linkedReportCount"]!);
    }

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
