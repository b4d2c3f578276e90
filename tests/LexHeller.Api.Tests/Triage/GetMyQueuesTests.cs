namespace LexHeller.Api.Tests.Triage;

public sealed class GetMyQueuesTests : WorkflowTests
{
    [Fact]
    public async Task The_triager_sees_every_queue_of_their_groups_with_counts_and_the_meeting_cut_off()
    {
        var queues = (await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/queues"))!["queues"]!.AsArray();

        Assert.Equal(7, queues.Count);
        Assert.All(queues, queue => Assert.Equal("hoglandet", (string)queue!["associationCode"]!));
        var beredning = queues.Single(q => (string)q!["name"]! == "Beredningsgruppen Höglandet")!;
        Assert.Equal(DateOnly.Parse((string)beredning["nextMeeting"]!).AddDays(-14), DateOnly.Parse((string)beredning["cutOff"]!));
        var seeded = await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reports r JOIN queues q ON q.id = r.queue_id WHERE q.association_id = (SELECT id FROM associations WHERE code = 'hoglandet')");
        Assert.Equal(seeded, queues.Sum(q => (int)q!["counts"]!["received"]!));
    }
}
