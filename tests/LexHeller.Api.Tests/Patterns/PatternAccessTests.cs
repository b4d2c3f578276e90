namespace LexHeller.Api.Tests.Patterns;

public sealed class PatternAccessTests : WorkflowTests
{
    [Fact]
    public async Task Analysts_get_counts_with_small_ones_suppressed_but_never_the_reports()
    {
        var today = PatternBodies.Today(Factory);
        await PatternBodies.FileAsync(Workflow, ReferenceData, today, today.AddDays(-1), today.AddDays(-2), today.AddDays(-PatternBodies.WindowDays - 5));
        var analyst = Factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));

        var response = await analyst.GetAsync("/api/v1/patterns");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var pattern = PatternBodies.Find(body)!;
        Assert.Equal(3, (int)pattern["count"]!);
        Assert.False((bool)pattern["countSuppressed"]!);
        Assert.Null(pattern["previousCount"]);
        Assert.True((bool)pattern["previousCountSuppressed"]!);
        Assert.Null(pattern["reports"]);
        Assert.DoesNotContain("\"reference\"", body.ToJsonString(), StringComparison.Ordinal);

        var asTriager = PatternBodies.Find((await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/patterns?associationCode=hoglandet"))!)!;
        Assert.Equal(1, (int)asTriager["previousCount"]!);
        Assert.Equal(3, asTriager["reports"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("reporter", DemoSeed.ReporterEmail)]
    [InlineData("responder", DemoSeed.ResponderFkEmail)]
    public async Task Reporters_and_responders_may_not_read_patterns(string role, string email)
    {
        var client = Factory.CreateClient().WithBearer(TestTokens.For(role, email));

        await Problems.AssertProblemAsync(await client.GetAsync("/api/v1/patterns?associationCode=hoglandet"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_sign_in_patterns_are_401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await Workflow.Anonymous.GetAsync("/api/v1/patterns?associationCode=hoglandet")).StatusCode);

    [Fact]
    public async Task An_analyst_of_one_association_may_not_read_another_ones_patterns()
    {
        var analyst = Factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));

        await Problems.AssertProblemAsync(await analyst.GetAsync($"/api/v1/patterns?associationCode={DemoSeed.NeighbourCode}"), HttpStatusCode.Forbidden);
    }
}
