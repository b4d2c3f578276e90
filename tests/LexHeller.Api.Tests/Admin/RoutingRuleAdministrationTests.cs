namespace LexHeller.Api.Tests.Admin;

public sealed class RoutingRuleAdministrationTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private ReferenceDataSnapshot _referenceData = null!;
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());
        _admin = _factory.Admin();
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_new_report_goes_to_the_queue_of_a_new_rule_that_is_the_most_specific_match()
    {
        var group = await _admin.CreateSteeringGroupAsync(ReportBodies.Association, "Arbetsgruppen för regelkrockar", "2026-12-10");
        var queue = await _admin.CreateQueueAsync(group, "Regelkrockar i Nässjö");
        // Two criteria beat the seeded one-criterion rules for Nässjö and for conflicting-rules, whatever the priority.
        var created = await (await _admin.CreateRuleAsync(ReportBodies.Association, new JsonObject
        {
            ["areaCode"] = "nassjo",
            ["category"] = "conflicting-rules",
            ["queueId"] = queue,
            ["priority"] = 9999,
            ["description"] = "Regelkrockar i Nässjö: arbetsgruppen",
        })).ReadJsonAsync();
        Assert.Equal(2, (int)created["specificity"]!);

        var conflictingRules = await _factory.FileAsReporterAsync(ReportBodies.FromFixture(_referenceData, 0));
        var reorganisation = await _factory.FileAsReporterAsync(ReportBodies.FromFixture(_referenceData, 5));

        var triager = _factory.Triager();
        await Problems.AssertProblemAsync(await triager.GetAsync($"/api/v1/reports/{conflictingRules}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NoContent,
            (await _admin.PutAsync($"/api/v1/admin/steering-groups/{group}/members/{DemoSeed.TriagerEmail}", null)).StatusCode);
        Assert.Equal("Regelkrockar i Nässjö", await QueueNameAsync(triager, conflictingRules));
        Assert.Equal("LSG Nässjö", await QueueNameAsync(triager, reorganisation));
        Assert.Equal("Routing rule 'Regelkrockar i Nässjö: arbetsgruppen' matched.", await _factory.ScalarAsync<string>(
            "SELECT reason FROM report_events WHERE report_id = @Id AND event_type = 'routed'", new { Id = conflictingRules }));
    }

    [Fact]
    public async Task Rules_are_listed_in_the_order_routing_weighs_them()
    {
        var queue = await _factory.QueueIdAsync("LSG Nässjö");
        await CreatedAsync(await _admin.CreateRuleAsync(ReportBodies.Association, new JsonObject
        {
            ["areaCode"] = "nassjo", ["partyKind"] = "social-insurance", ["category"] = "catch-22", ["queueId"] = queue, ["description"] = "Moment 22 med FK i Nässjö",
        }));

        var rules = await _admin.RulesAsync(ReportBodies.Association);

        Assert.Equal("Moment 22 med FK i Nässjö", (string)rules[0]!["description"]!);
        Assert.Equal("social-insurance", (string)rules[0]!["partyKind"]!);
        Assert.Equal("nassjo", (string)rules[0]!["area"]!["code"]!);
        var order = rules.Select(rule => ((int)rule!["specificity"]!, (int)rule["priority"]!)).ToList();
        Assert.Equal(order.OrderByDescending(o => o.Item1).ThenBy(o => o.Item2), order);
        var last = rules[^1]!;
        Assert.True((bool)last["isDefault"]!);
        Assert.Equal("Beredningsgruppen Höglandet", (string)last["queue"]!["name"]!);
        Assert.Single(rules, rule => (bool)rule!["isDefault"]!);
        Assert.Equal(DemoSeed.NeighbourCode, (string)rules.Single(rule => rule!["forwardTo"] is not null)!["forwardTo"]!["code"]!);
    }

    [Fact]
    public async Task A_forwarding_rule_sends_matching_reports_to_the_other_association()
    {
        await CreatedAsync(await _admin.CreateRuleAsync(ReportBodies.Association, new JsonObject
        {
            ["areaCode"] = "eksjo", ["partyKind"] = "region", ["forwardToAssociationCode"] = DemoSeed.NeighbourCode, ["description"] = "Vård i Eksjö: Jönköping",
        }));
        var body = ReportBodies.FromFixture(_referenceData, 8);
        body["involvedPartyIds"] = new JsonArray(_referenceData.PartyId(ReportBodies.Association, "Region Jönköpings län"));

        var id = await _factory.FileAsReporterAsync(body);

        Assert.Equal(DemoSeed.NeighbourCode, await _factory.ScalarAsync<string>("""
            SELECT s.code FROM reports r JOIN reports copy ON copy.id = r.forwarded_to_report_id JOIN associations s ON s.id = copy.association_id
            WHERE r.id = @Id
            """, new { Id = id }));
    }

    [Fact]
    public async Task The_last_default_rule_cannot_be_deleted_but_either_of_two_can()
    {
        var seededDefault = (Guid)(await _admin.RulesAsync(ReportBodies.Association)).Single(rule => (bool)rule!["isDefault"]!)!["id"]!;

        var refused = await Problems.AssertProblemAsync(await _admin.DeleteAsync($"/api/v1/admin/routing-rules/{seededDefault}"), HttpStatusCode.Conflict);
        Assert.Contains("default", (string)refused["detail"]!, StringComparison.Ordinal);
        Assert.Contains(await _admin.RulesAsync(ReportBodies.Association), rule => (Guid)rule!["id"]! == seededDefault);

        var replacement = await CreatedAsync(await _admin.CreateRuleAsync(ReportBodies.Association, new JsonObject
        {
            ["queueId"] = await _factory.QueueIdAsync("LSG Eksjö"), ["priority"] = 200, ["description"] = "Allt annat: LSG Eksjö",
        }));
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/admin/routing-rules/{seededDefault}")).StatusCode);
        await Problems.AssertProblemAsync(await _admin.DeleteAsync($"/api/v1/admin/routing-rules/{replacement}"), HttpStatusCode.Conflict);

        var rules = await _admin.RulesAsync(ReportBodies.Association);
        Assert.Equal(replacement, (Guid)rules.Single(rule => (bool)rule!["isDefault"]!)!["id"]!);
        var areaRule = (Guid)rules.First(rule => rule!["area"] is not null)!["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/admin/routing-rules/{areaRule}")).StatusCode);
    }

    [Fact]
    public async Task A_rule_with_the_same_criteria_and_priority_as_another_is_a_409_as_it_would_never_decide()
    {
        var rule = new JsonObject { ["areaCode"] = "nassjo", ["queueId"] = await _factory.QueueIdAsync("Beredningsgruppen Höglandet"), ["description"] = "Nässjö igen" };
        var before = (await _admin.RulesAsync(ReportBodies.Association)).Count;

        await Problems.AssertProblemAsync(await _admin.CreateRuleAsync(ReportBodies.Association, rule), HttpStatusCode.Conflict);
        Assert.Equal(before, (await _admin.RulesAsync(ReportBodies.Association)).Count);

        rule["priority"] = 90;
        await CreatedAsync(await _admin.CreateRuleAsync(ReportBodies.Association, rule));
    }

    [Fact]
    public async Task Queues_are_listed_with_their_steering_group_and_names_are_unique_within_the_association()
    {
        var group = await _factory.SteeringGroupIdAsync("LSG Tranås");
        var queue = await _admin.CreateQueueAsync(group, "Tranås: väntetider");

        var queues = (await _admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/associations/{ReportBodies.Association}/queues"))!["queues"]!.AsArray();

        var listed = queues.Single(q => (Guid)q!["id"]! == queue)!;
        Assert.Equal("LSG Tranås", (string)listed["steeringGroup"]!["name"]!);
        Assert.Equal(8, queues.Count);
        await Problems.AssertProblemAsync(
            await _admin.PostAsJsonAsync($"/api/v1/admin/steering-groups/{group}/queues", new JsonObject { ["name"] = "LSG Nässjö" }), HttpStatusCode.Conflict);
    }

    private static Task<Guid> CreatedAsync(HttpResponseMessage response) => AdminCalls.CreatedIdAsync(response);

    private static async Task<string> QueueNameAsync(HttpClient triager, Guid reportId)
    {
        var response = await triager.GetAsync($"/api/v1/reports/{reportId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await response.ReadJsonAsync())["queue"]!["name"]!;
    }
}
