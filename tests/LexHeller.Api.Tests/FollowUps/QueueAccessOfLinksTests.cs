using LexHeller.Api.Tests.Patterns;

namespace LexHeller.Api.Tests.FollowUps;

/// <summary>
/// Höglandet routes each area's reports to the queue of its local steering group (LSG). A triager of
/// LSG Eksjö alone neither links LSG Nässjö's reports (to a follow-up, as a duplicate's survivor) nor
/// sees them named in the similar reports, the patterns or the follow-ups; the demo triager, who sits
/// in every group, does.
/// </summary>
public sealed class QueueAccessOfLinksTests : WorkflowTests
{
    private const string EksjoTriagerEmail = "triager.eksjo@lsg.lexheller.example";
    private const string NassjoTriagerEmail = "triager.nassjo@lsg.lexheller.example";

    private HttpClient _eksjo = null!;
    private HttpClient _nassjo = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = Factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        foreach (var (group, email) in new[] { ("LSG Eksjö", EksjoTriagerEmail), ("LSG Nässjö", NassjoTriagerEmail) })
        {
            using var added = await admin.PutAsync($"/api/v1/admin/steering-groups/{await GroupIdAsync(group)}/members/{email}", null);
            Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        }

        _eksjo = Factory.CreateClient().WithBearer(TestTokens.For("triager", EksjoTriagerEmail));
        _nassjo = Factory.CreateClient().WithBearer(TestTokens.For("triager", NassjoTriagerEmail));
    }

    private async Task<Guid> GroupIdAsync(string name) =>
        await Factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = @Name", new { Name = name });

    /// <summary>A report of the test's pattern (same text, category and party kinds) in <paramref name="area"/>, so they are alike too.</summary>
    private async Task<(Guid Id, string Reference)> FileInAsync(string area, int daysAgo = 0)
    {
        var body = PatternBodies.Body(ReferenceData, PatternBodies.Today(Factory).AddDays(-daysAgo));
        body["areaCode"] = area;
        var (id, _, reference) = await Workflow.FileAsync(body);
        return (id, reference);
    }

    private async Task<string> HistoryAsync(HttpClient client, Guid reportId)
    {
        using var response = await client.GetAsync($"/api/v1/reports/{reportId}/history");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<JsonNode> CreateFollowUpAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/follow-ups", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private async Task<JsonNode> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task An_lsg_triager_cannot_link_another_groups_report_and_that_reports_history_is_unchanged()
    {
        var eksjoReport = await FileInAsync("eksjo");
        var nassjoReport = await FileInAsync("nassjo");
        var followUp = await CreateFollowUpAsync(_eksjo, new
        {
            associationCode = "hoglandet", title = "Överlämningar i Eksjö", ownerGroupId = await GroupIdAsync("LSG Eksjö"), reportIds = new[] { eksjoReport.Id },
        });
        var followUpId = (Guid)followUp["id"]!;
        var historyBefore = await HistoryAsync(_nassjo, nassjoReport.Id);
        var followUpBefore = (await ReadAsync(_eksjo, $"/api/v1/follow-ups/{followUpId}")).ToJsonString();
        var followUpsBefore = await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM follow_ups");

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/follow-ups/{followUpId}") { Content = JsonContent.Create(new { addReportIds = new[] { nassjoReport.Id } }) };
        patch.Headers.TryAddWithoutValidation("If-Match", $"\"{followUp["version"]}\"");
        using var linked = await _eksjo.SendAsync(patch);
        using var created = await _eksjo.PostAsJsonAsync("/api/v1/follow-ups", new
        {
            associationCode = "hoglandet", title = "Båda kommunerna", ownerGroupId = await GroupIdAsync("LSG Eksjö"),
            reportIds = new[] { eksjoReport.Id, nassjoReport.Id },
        });

        await Problems.AssertProblemAsync(linked, HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(created, HttpStatusCode.Forbidden);
        Assert.Equal(historyBefore, await HistoryAsync(_nassjo, nassjoReport.Id));
        Assert.Equal(followUpBefore, (await ReadAsync(_eksjo, $"/api/v1/follow-ups/{followUpId}")).ToJsonString());
        Assert.Equal(followUpsBefore, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM follow_ups"));
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM follow_up_reports WHERE report_id = @Id", new { nassjoReport.Id }));
    }

    [Fact]
    public async Task A_follow_up_made_from_a_pattern_by_an_lsg_triager_links_only_the_reports_of_its_queue()
    {
        var eksjoReports = new[] { await FileInAsync("eksjo", 1), await FileInAsync("eksjo", 2) };
        var nassjoReport = await FileInAsync("nassjo", 3);
        var historyBefore = await HistoryAsync(_nassjo, nassjoReport.Id);

        var followUp = await CreateFollowUpAsync(_eksjo, new
        {
            associationCode = "hoglandet", title = "Kunskap om uppdragen i Eksjö", ownerGroupId = await GroupIdAsync("LSG Eksjö"), patternKey = PatternBodies.Key,
        });

        Assert.Equal(eksjoReports.Select(report => report.Id).Order(), followUp["reports"]!.AsArray().Select(report => (Guid)report!["id"]!).Order());
        Assert.Equal(2, (int)followUp["linkedReportCount"]!);
        Assert.Equal(historyBefore, await HistoryAsync(_nassjo, nassjoReport.Id));
    }

    [Fact]
    public async Task Similar_reports_patterns_and_follow_ups_name_only_reports_of_queues_the_triager_may_read()
    {
        var eksjoReports = new[] { await FileInAsync("eksjo", 1), await FileInAsync("eksjo", 2) };
        var nassjoReport = await FileInAsync("nassjo", 3);
        // The demo triager sits in every group: their follow-up links all three.
        var followUp = await CreateFollowUpAsync(Workflow.Triager, new
        {
            associationCode = "hoglandet", title = "Kunskap om varandras uppdrag", ownerGroupId = await GroupIdAsync("Beredningsgruppen Höglandet"),
            patternKey = PatternBodies.Key,
        });
        Assert.Equal(3, followUp["reports"]!.AsArray().Count);

        var similar = await ReadAsync(_eksjo, $"/api/v1/reports/{eksjoReports[0].Id}/similar");
        var patterns = await ReadAsync(_eksjo, "/api/v1/patterns?associationCode=hoglandet");
        var read = await ReadAsync(_eksjo, $"/api/v1/follow-ups/{followUp["id"]}");
        var list = await ReadAsync(_eksjo, "/api/v1/follow-ups?associationCode=hoglandet");

        Assert.Contains(eksjoReports[1].Id, similar["candidates"]!.AsArray().Select(candidate => (Guid)candidate!["id"]!));
        var pattern = PatternBodies.Find(patterns)!;
        Assert.Equal(3, (int)pattern["count"]!);
        Assert.Equal(eksjoReports.Select(report => report.Id).Order(), pattern["reports"]!.AsArray().Select(report => (Guid)report!["id"]!).Order());
        Assert.Equal(eksjoReports.Select(report => report.Id).Order(), read["reports"]!.AsArray().Select(report => (Guid)report!["id"]!).Order());
        Assert.Equal(3, (int)read["linkedReportCount"]!);
        var linkedEvent = read["events"]!.AsArray().Single(e => (string)e!["type"]! == "reports-linked")!;
        Assert.Equal(eksjoReports.Select(report => report.Reference).Order(), linkedEvent["data"]!["references"]!.AsArray().Select(r => (string)r!).Order());
        foreach (var answer in new[] { similar, patterns, read, list })
        {
            Assert.DoesNotContain(nassjoReport.Id.ToString(), answer.ToJsonString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(nassjoReport.Reference, answer.ToJsonString(), StringComparison.Ordinal);
        }

        // The triager of every group is shown the Nässjö report in the same lists.
        var allSimilar = await ReadAsync(Workflow.Triager, $"/api/v1/reports/{eksjoReports[0].Id}/similar");
        Assert.Contains(nassjoReport.Id, allSimilar["candidates"]!.AsArray().Select(candidate => (Guid)candidate!["id"]!));
        var allPattern = PatternBodies.Find(await ReadAsync(Workflow.Triager, "/api/v1/patterns?associationCode=hoglandet"))!;
        Assert.Contains(nassjoReport.Id, allPattern["reports"]!.AsArray().Select(report => (Guid)report!["id"]!));
    }

    [Fact]
    public async Task Closing_for_a_follow_up_of_a_group_the_triager_is_not_in_is_refused_and_changes_nothing()
    {
        var eksjoReport = await FileInAsync("eksjo");
        var followUp = await CreateFollowUpAsync(Workflow.Triager, new
        {
            associationCode = "hoglandet", title = "Beredningsgruppens uppföljning", ownerGroupId = await GroupIdAsync("Beredningsgruppen Höglandet"),
            reportIds = new[] { (await FileInAsync("vetlanda")).Id },
        });
        // Answered: only then may a report go to a structural follow-up.
        await Workflow.StepAsync(eksjoReport.Id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(eksjoReport.Id, "Arbetsförmedlingen");
        await Workflow.AnswerAsync(Workflow.ResponderAf, eksjoReport.Id);
        var reportBefore = await HistoryAsync(_eksjo, eksjoReport.Id);

        using var closed = await Workflow.ActAsync(eksjoReport.Id, "closure",
            new { resolution = "structural-follow-up", followUpId = followUp["id"], reason = "Hör till beredningsgruppens uppföljning." }, client: _eksjo);

        await Problems.AssertProblemAsync(closed, HttpStatusCode.Forbidden);
        Assert.Equal(reportBefore, await HistoryAsync(_eksjo, eksjoReport.Id));
        var after = await ReadAsync(Workflow.Triager, $"/api/v1/follow-ups/{followUp["id"]}");
        Assert.Equal((int)followUp["version"]!, (int)after["version"]!);
        Assert.Equal(1, (int)after["linkedReportCount"]!);

        // The triage page offers the report only the follow-ups of the triager's own groups.
        await CreateFollowUpAsync(_eksjo, new
        {
            associationCode = "hoglandet", title = "Eksjös egen uppföljning", ownerGroupId = await GroupIdAsync("LSG Eksjö"),
            reportIds = new[] { (await FileInAsync("eksjo")).Id },
        });
        var page = await new Security.SecurityCaller("lsg-eksjo", Api.Infrastructure.Auth.Roles.Triager, EksjoTriagerEmail).Pages(Factory)
            .GetPageAsync($"/triage/avvikelse/{eksjoReport.Id}");
        var choices = System.Text.RegularExpressions.Regex.Match(page, "<select[^>]*id=\"Close_FollowUpId\".*?</select>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains("Eksjös egen uppföljning", choices);
        Assert.DoesNotContain("Beredningsgruppens uppföljning", choices);
    }

    [Fact]
    public async Task Closing_as_a_duplicate_of_another_groups_report_is_refused_and_that_reports_history_is_unchanged()
    {
        var eksjoReport = await FileInAsync("eksjo");
        var nassjoReport = await FileInAsync("nassjo");
        using (var triaged = await Workflow.ActAsync(eksjoReport.Id, "triage", new { reason = "Bedömd." }, client: _eksjo))
            Assert.Equal(HttpStatusCode.OK, triaged.StatusCode);
        var historyBefore = await HistoryAsync(_nassjo, nassjoReport.Id);

        using var closed = await Workflow.ActAsync(eksjoReport.Id, "closure",
            new { resolution = "duplicate", duplicateOfReportId = nassjoReport.Id, reason = "Samma händelse." }, client: _eksjo);

        await Problems.AssertProblemAsync(closed, HttpStatusCode.Forbidden);
        Assert.Equal(historyBefore, await HistoryAsync(_nassjo, nassjoReport.Id));
        Assert.Equal("in-triage", await Factory.ScalarAsync<string>("SELECT status FROM reports WHERE id = @Id", new { eksjoReport.Id }));
    }
}
