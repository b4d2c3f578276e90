namespace LexHeller.Api.Tests.Triage;

public sealed class GetQueueReportsTests : WorkflowTests
{
    [Fact]
    public async Task A_status_filter_pages_through_exactly_the_reports_with_that_status()
    {
        var queueId = await QueueIdAsync("LSG Nässjö");
        for (var i = 0; i < 7; i++)
        {
            Factory.Clock.Advance(TimeSpan.FromMinutes(1));
            var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));  // a Nässjö fixture
            if (i % 2 == 0)
                await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        }

        var expected = (await Factory.QueryAsync<string>(
            "SELECT reference FROM reports WHERE queue_id = @QueueId AND status = 'in-triage' ORDER BY created_at DESC, id DESC", new { QueueId = queueId })).ToList();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await Workflow.Triager.GetFromJsonAsync<JsonNode>(
                $"/api/v1/queues/{queueId}/reports?status=in-triage&limit=2{(cursor is null ? "" : $"&cursor={cursor}")}"))!;
            var items = page["items"]!.AsArray();
            Assert.All(items, item => Assert.Equal("in-triage", (string)item!["status"]!));
            seen.AddRange(items.Select(item => (string)item!["reference"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Assert.True(expected.Count >= 4, $"Only {expected.Count} reports in triage.");
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Overdue_is_computed_from_the_clock_and_filters_the_queue()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(id, "Arbetsförmedlingen");
        var queueId = await QueueIdAsync("LSG Nässjö");

        Assert.Empty((await OverdueAsync(queueId))["items"]!.AsArray());

        Factory.Clock.Advance(TimeSpan.FromDays(61));   // the association's default deadline is 60 days

        var overdue = (await OverdueAsync(queueId))["items"]!.AsArray();
        Assert.Equal(Workflow.ReferenceOf(id), (string)overdue.Single()!["reference"]!);
        Assert.Equal(1, (int)overdue.Single()!["overdueReferrals"]!);
        var queue = (await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/queues"))!["queues"]!.AsArray()
            .Single(q => (Guid)q!["id"]! == queueId)!;
        Assert.Equal(1, (int)queue["overdue"]!);
        Assert.True((bool)(await Workflow.ResponderAf.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=overdue"))!["referrals"]![0]!["overdue"]!);
    }

    [Theory]
    [InlineData("status=lost")]
    [InlineData("limit=0")]
    [InlineData("limit=1000")]
    [InlineData("cursor=not-a-cursor")]
    public async Task Bad_listing_parameters_are_400(string query)
    {
        var queueId = await QueueIdAsync("LSG Nässjö");

        await Problems.AssertProblemAsync(await Workflow.Triager.GetAsync($"/api/v1/queues/{queueId}/reports?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_queue_of_another_group_is_403_and_an_unknown_queue_404()
    {
        var neighbourQueue = await Factory.ScalarAsync<Guid>("SELECT id FROM queues WHERE name = 'Beredningsgruppen Jönköping'");

        await Problems.AssertProblemAsync(await Workflow.Triager.GetAsync($"/api/v1/queues/{neighbourQueue}/reports"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await Workflow.Triager.GetAsync($"/api/v1/queues/{Guid.NewGuid()}/reports"), HttpStatusCode.NotFound);
    }

    private Task<JsonNode> OverdueAsync(Guid queueId) =>
        Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/queues/{queueId}/reports?overdue=true")!;

    private Task<Guid> QueueIdAsync(string name) =>
        Factory.ScalarAsync<Guid>("SELECT id FROM queues WHERE name = @Name", new { Name = name });
}
