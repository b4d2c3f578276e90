namespace LexHeller.Api.Tests.Admin;

/// <summary>
/// <c>GET /api/v1/admin/associations/{code}/routing-preview</c> against the demo seed's rules of Höglandet: a default rule
/// (no criteria, priority 100), "Regelverk som går isär" (category conflicting-rules, priority 50), one rule per area
/// (priority 100), and Aneby's health care forwarded to Jönköping (area and party kind).
/// </summary>
public sealed class RoutingPreviewTests : IAsyncLifetime
{
    private const string NeighbourAdmin = "admin@jonkoping.example";

    private readonly LexHellerApiFactory _factory = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = _factory.Admin();
        // An administrator of Jönköping only, by the token's role and by the data (member and admin grant).
        await _factory.ExecuteAsync("""
            INSERT INTO association_members (association_id, user_key) SELECT id, @UserKey FROM associations WHERE code = @Code;
            INSERT INTO member_roles (association_id, user_key, role, requires_role_claim, granted_at)
            SELECT id, @UserKey, 'admin', 0, '2026-01-01T00:00:00.0000000Z' FROM associations WHERE code = @Code;
            """, new { UserKey = NeighbourAdmin, Code = DemoSeed.NeighbourCode });
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private static string Preview(string association, string query) => $"/api/v1/admin/associations/{association}/routing-preview?{query}";

    [Fact]
    public async Task Among_equally_specific_matches_the_lower_priority_number_decides_and_the_less_specific_default_loses_by_specificity()
    {
        var preview = await _admin.GetFromJsonAsync<JsonNode>(Preview("hoglandet", "areaCode=nassjo&partyKinds=social-insurance&category=conflicting-rules"));

        Assert.Equal("queue", (string)preview!["outcome"]!);
        Assert.Equal("Beredningsgruppen Höglandet", (string)preview["queue"]!["name"]!);
        Assert.Equal("Regelverk som går isär: beredningsgruppen", (string)preview["chosenRule"]!["description"]!);
        Assert.Equal(50, (int)preview["chosenRule"]!["priority"]!);
        Assert.Equal("conflicting-rules", (string)preview["chosenRule"]!["category"]!);
        var lost = preview["alsoMatched"]!.AsArray().Select(rule => ((string)rule!["rule"]!["description"]!, (string)rule["lostBy"]!)).ToList();
        Assert.Equal([("Nässjö: LSG Nässjö", "priority"), ("Allt annat: beredningsgruppen", "specificity")], lost);
    }

    [Fact]
    public async Task The_most_specific_match_decides_whatever_its_priority_and_may_forward_to_another_association()
    {
        var preview = await _admin.GetFromJsonAsync<JsonNode>(Preview("hoglandet", "areaCode=aneby&partyKinds=region,municipality&category=catch-22"));

        Assert.Equal("forward", (string)preview!["outcome"]!);
        Assert.Null(preview["queue"]);
        Assert.Equal(DemoSeed.NeighbourCode, (string)preview["forwardTo"]!["code"]!);
        Assert.Equal(2, (int)preview["chosenRule"]!["specificity"]!);
        Assert.Equal(["municipality", "region"], preview["partyKinds"]!.AsArray().Select(kind => (string)kind!));
        Assert.All(preview["alsoMatched"]!.AsArray(), rule => Assert.Equal("specificity", (string)rule!["lostBy"]!));
        Assert.Equal(["Aneby: LSG Aneby", "Allt annat: beredningsgruppen"],
            preview["alsoMatched"]!.AsArray().Select(rule => (string)rule!["rule"]!["description"]!));
    }

    [Fact]
    public async Task Between_equally_specific_rules_of_the_same_priority_the_lower_id_decides()
    {
        var queue = await _factory.QueueIdAsync("LSG Eksjö");
        var created = await AdminCalls.CreatedIdAsync(await _admin.CreateRuleAsync("hoglandet", new JsonObject
        {
            ["partyKind"] = "employment-service", ["queueId"] = queue, ["priority"] = 100, ["description"] = "Arbetsförmedlingen: LSG Eksjö",
        }));
        var vetlanda = (Guid)(await _admin.RulesAsync("hoglandet")).Single(rule => (string)rule!["description"]! == "Vetlanda: LSG Vetlanda")!["id"]!;
        var (winner, loser) = vetlanda.CompareTo(created) < 0 ? (vetlanda, created) : (created, vetlanda);

        var preview = await _admin.GetFromJsonAsync<JsonNode>(Preview("hoglandet", "areaCode=vetlanda&partyKinds=employment-service&category=catch-22"));

        Assert.Equal(winner, (Guid)preview!["chosenRule"]!["id"]!);
        Assert.Equal(loser, (Guid)preview["alsoMatched"]![0]!["rule"]!["id"]!);
        Assert.Equal("id", (string)preview["alsoMatched"]![0]!["lostBy"]!);
        Assert.Equal("specificity", (string)preview["alsoMatched"]![1]!["lostBy"]!);
    }

    [Fact]
    public async Task When_no_rule_matches_the_report_would_stay_unrouted_and_the_preview_files_nothing()
    {
        await _factory.ExecuteAsync("DELETE FROM routing_rules WHERE association_id = (SELECT id FROM associations WHERE code = @Code)",
            new { Code = DemoSeed.NeighbourCode });
        var reports = await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports");

        var preview = await _admin.GetFromJsonAsync<JsonNode>(Preview(DemoSeed.NeighbourCode, "areaCode=habo&category=catch-22"));

        Assert.Equal("unrouted", (string)preview!["outcome"]!);
        Assert.Null(preview["chosenRule"]);
        Assert.Null(preview["queue"]);
        Assert.Empty(preview["alsoMatched"]!.AsArray());
        Assert.Equal(reports, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports"));
    }

    [Fact]
    public async Task An_administrator_of_another_association_is_refused_and_previews_their_own()
    {
        var neighbourAdmin = _factory.Admin(NeighbourAdmin);

        await Problems.AssertProblemAsync(
            await neighbourAdmin.GetAsync(Preview("hoglandet", "areaCode=nassjo&category=catch-22")), HttpStatusCode.Forbidden);
        var own = await neighbourAdmin.GetFromJsonAsync<JsonNode>(Preview(DemoSeed.NeighbourCode, "areaCode=habo&category=catch-22"));
        Assert.Equal("Beredningsgruppen Jönköping", (string)own!["queue"]!["name"]!);
    }

    [Theory]
    [InlineData("areaCode=ingenstans&category=catch-22", "areaCode")]
    [InlineData("category=catch-22", "areaCode")]
    [InlineData("areaCode=nassjo&category=no-such-category", "category")]
    [InlineData("areaCode=nassjo&category=catch-22&partyKinds=church", "partyKinds[0]")]
    public async Task A_question_routing_could_not_be_asked_is_a_validation_problem(string query, string field) =>
        await Problems.AssertInvalidFieldAsync(await _admin.GetAsync(Preview("hoglandet", query)), field);
}
