namespace LexHeller.Api.Tests.Patterns;

public sealed class DemoPatternTests : WorkflowTests
{
    [Fact]
    public async Task The_demo_shows_a_pattern_in_hoglandet_and_a_follow_up_made_from_it_without_queueing_mail_at_seeding()
    {
        var patterns = (await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/patterns?associationCode=hoglandet"))!;
        var pattern = PatternBodies.Find(patterns, DemoSeed.DemoPatternKey)!;
        Assert.NotNull(pattern);
        Assert.True((int)pattern["count"]! >= (int)patterns["threshold"]!);
        Assert.NotNull(pattern["firstDetectedOn"]);

        var followUps = (await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/follow-ups?associationCode=hoglandet"))!["followUps"]!.AsArray();
        var followUp = Assert.Single(followUps, item => (string?)item!["patternKey"] == DemoSeed.DemoPatternKey)!;
        Assert.Equal(DemoSeed.DemoFollowUpTitle, (string)followUp["title"]!);
        Assert.Equal((int)pattern["count"]!, (int)followUp["linkedReportCount"]!);
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages"));
    }
}
