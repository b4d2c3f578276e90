namespace LexHeller.Api.Tests.Statistics;

/// <summary>Who may read statistics, and how a filter that cannot be used is refused before anything is counted.</summary>
public sealed class StatisticsAccessTests : WorkflowTests
{
    public static TheoryData<string> Paths() =>
        ["/api/v1/statistics/categories", "/api/v1/statistics/party-pairs", "/api/v1/statistics/lead-times", "/api/v1/statistics/areas"];

    private HttpClient Client(string role, string email) => Factory.CreateClient().WithBearer(TestTokens.For(role, email));

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Reporters_and_responders_are_forbidden_and_the_anonymous_must_sign_in(string path)
    {
        await Problems.AssertProblemAsync(await Client("reporter", DemoSeed.ReporterEmail).GetAsync(path), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await Client("responder", DemoSeed.ResponderFkEmail).GetAsync(path), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Workflow.Anonymous.GetAsync(path)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Analysts_and_triagers_of_the_association_read_its_statistics_without_naming_it(string path)
    {
        foreach (var client in new[] { Client("analyst", DemoSeed.AnalystEmail), Workflow.Triager })
        {
            var statistics = await client.GetFromJsonAsync<JsonNode>(path);
            Assert.Equal("hoglandet", (string)statistics!["filter"]!["associationCode"]!);
        }
    }

    [Fact]
    public async Task An_analyst_may_not_read_another_associations_statistics() =>
        await Problems.AssertProblemAsync(
            await Client("analyst", DemoSeed.AnalystEmail).GetAsync("/api/v1/statistics/categories?associationCode=jonkoping"), HttpStatusCode.Forbidden);

    [Fact]
    public async Task An_administrator_of_two_associations_names_the_one_to_count()
    {
        var admin = Client("admin", DemoSeed.AdminEmail);
        await Problems.AssertInvalidFieldAsync(await admin.GetAsync("/api/v1/statistics/categories"), "associationCode");
        await Factory.ExecuteAsync("UPDATE associations SET suppression_threshold = 1");   // every count shown, none withheld
        var (jonkoping, hoglandet) = (await CategoriesAsync(admin, "jonkoping"), await CategoriesAsync(admin, "hoglandet"));

        var body = ReportBodies.FromFixture(ReferenceData, 1);   // a report to Höglandet, within the last twelve months
        body["eventDate"] = "2026-11-02";
        await Workflow.FileAsync(body);

        // The named association is the one counted: Höglandet's new report shows in Höglandet's figures, not in Jönköping's.
        var (jonkopingAfter, hoglandetAfter) = (await CategoriesAsync(admin, "jonkoping"), await CategoriesAsync(admin, "hoglandet"));
        Assert.Equal(("jonkoping", "hoglandet"), ((string)jonkopingAfter["filter"]!["associationCode"]!, (string)hoglandetAfter["filter"]!["associationCode"]!));
        Assert.True((int)jonkoping["total"]!["value"]! > 0, "Jönköping's seeded reports are counted.");
        Assert.Equal((int)jonkoping["total"]!["value"]!, (int)jonkopingAfter["total"]!["value"]!);
        Assert.Equal((int)hoglandet["total"]!["value"]! + 1, (int)hoglandetAfter["total"]!["value"]!);
    }

    private static async Task<JsonNode> CategoriesAsync(HttpClient client, string associationCode)
    {
        using var response = await client.GetAsync($"/api/v1/statistics/categories?associationCode={associationCode}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task Without_dates_the_last_twelve_calendar_months_are_counted_this_one_included()
    {
        var statistics = (await Client("analyst", DemoSeed.AnalystEmail).GetFromJsonAsync<JsonNode>("/api/v1/statistics/categories"))!;

        Assert.Equal("2025-12-01", (string)statistics["filter"]!["from"]!);
        Assert.Equal("2026-11-24", (string)statistics["filter"]!["to"]!);
        var periods = statistics["periods"]!.AsArray().Select(p => (string)p!).ToList();
        Assert.Equal(12, periods.Count);
        Assert.Equal(("2025-12", "2026-11"), (periods[0], periods[^1]));
    }

    [Theory]
    [InlineData("from=2026-05-01&to=2026-04-30", "from")]
    [InlineData("from=2000-01-01&to=2026-01-01", "to")]
    [InlineData("from=2026-12-01", "from")]
    [InlineData("interval=week", "interval")]
    [InlineData("areaCode=jonkoping", "areaCode")]
    public async Task A_filter_that_cannot_be_used_is_a_400_naming_the_field(string query, string field)
    {
        var problem = await Problems.AssertInvalidFieldAsync(
            await Client("analyst", DemoSeed.AnalystEmail).GetAsync($"/api/v1/statistics/categories?{query}"), field);

        if (field == "areaCode")
            Assert.Contains("jonkoping", problem["errors"]!["areaCode"]![0]!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_date_that_is_not_a_date_is_a_400_problem(string path) =>
        await Problems.AssertProblemAsync(
            await Client("analyst", DemoSeed.AnalystEmail).GetAsync($"{path}?from=yesterday"), HttpStatusCode.BadRequest);
}
