using LexHeller.Api.Tests.Patterns;

namespace LexHeller.Api.Tests.FollowUps;

public sealed class CreateFollowUpTests : FollowUpTests
{
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
}
