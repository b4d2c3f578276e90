namespace LexHeller.Api.Tests.Admin;

public sealed class AdminAccessTests : IAsyncLifetime
{
    private const string NeighbourAdmin = "admin@jonkoping.example";

    private readonly LexHellerApiFactory _factory = new();

    public async ValueTask InitializeAsync() => await _factory.GrantAsync(DemoSeed.NeighbourCode, NeighbourAdmin, "admin");

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Administration_needs_a_token() =>
        await Problems.AssertProblemAsync(await _factory.CreateClient().GetAsync("/api/v1/admin/associations/hoglandet/steering-groups"), HttpStatusCode.Unauthorized);

    [Theory]
    [InlineData("triager", DemoSeed.TriagerEmail)]
    [InlineData("analyst", DemoSeed.AnalystEmail)]
    [InlineData("reporter", DemoSeed.ReporterEmail)]
    [InlineData("responder", DemoSeed.ResponderFkEmail)]
    public async Task Only_the_admin_role_administers_even_for_a_member_of_the_association(string role, string email)
    {
        var client = _factory.CreateClient().WithBearer(TestTokens.For(role, email));

        await Problems.AssertProblemAsync(await client.GetAsync("/api/v1/admin/associations/hoglandet/steering-groups"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/steering-groups",
            new JsonObject { ["name"] = "Ny grupp" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_integration_partner_key_does_not_administer() =>
        await Problems.AssertProblemAsync(await _factory.CreateClient().WithApiKey(DemoSeed.DemoApiKey)
            .GetAsync("/api/v1/admin/associations/hoglandet/routing-rules"), HttpStatusCode.Forbidden);

    [Fact]
    public async Task An_admin_acts_only_in_the_associations_where_they_are_a_member()
    {
        var neighbourAdmin = _factory.Admin(NeighbourAdmin);
        var group = await _factory.SteeringGroupIdAsync("LSG Nässjö");
        var queue = await _factory.QueueIdAsync("LSG Nässjö");
        var rule = (Guid)(await _factory.Admin().RulesAsync("hoglandet"))[0]!["id"]!;
        var party = await _factory.PartyIdAsync("hoglandet", "Försäkringskassan");
        var before = await _factory.AdministrationRowsAsync();

        Assert.Equal(HttpStatusCode.OK, (await neighbourAdmin.GetAsync("/api/v1/admin/associations/jonkoping/steering-groups")).StatusCode);
        HttpResponseMessage[] refused =
        [
            await neighbourAdmin.GetAsync("/api/v1/admin/associations/hoglandet/steering-groups"),
            await neighbourAdmin.GetAsync("/api/v1/admin/associations/hoglandet/queues"),
            await neighbourAdmin.GetAsync("/api/v1/admin/associations/hoglandet/routing-rules"),
            await neighbourAdmin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/steering-groups", new JsonObject { ["name"] = "Ny grupp" }),
            await neighbourAdmin.PatchAsJsonAsync($"/api/v1/admin/steering-groups/{group}", new JsonObject { ["name"] = "Omdöpt" }),
            await neighbourAdmin.PutAsync($"/api/v1/admin/steering-groups/{group}/members/{NeighbourAdmin}", null),
            await neighbourAdmin.DeleteAsync($"/api/v1/admin/steering-groups/{group}/members/{DemoSeed.TriagerEmail}"),
            await neighbourAdmin.PostAsJsonAsync($"/api/v1/admin/steering-groups/{group}/queues", new JsonObject { ["name"] = "Ny kö" }),
            await neighbourAdmin.CreateRuleAsync("hoglandet", new JsonObject { ["areaCode"] = "nassjo", ["queueId"] = queue, ["priority"] = 1, ["description"] = "Kapad" }),
            await neighbourAdmin.DeleteAsync($"/api/v1/admin/routing-rules/{rule}"),
            await neighbourAdmin.PutAsync($"/api/v1/admin/parties/{party}/contacts/{NeighbourAdmin}", null),
            await neighbourAdmin.DeleteAsync($"/api/v1/admin/parties/{party}/contacts/{DemoSeed.ResponderFkEmail}"),
        ];

        foreach (var response in refused)
            await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, await _factory.AdministrationRowsAsync());
        await Problems.AssertProblemAsync(await _factory.Admin("admin.of.nothing@demo.lexheller.example")
            .GetAsync("/api/v1/admin/associations/jonkoping/steering-groups"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_associations_groups_rules_and_parties_are_404()
    {
        var admin = _factory.Admin();
        var unknown = Guid.NewGuid();
        HttpResponseMessage[] missing =
        [
            await admin.GetAsync("/api/v1/admin/associations/atlantis/steering-groups"),
            await admin.GetAsync("/api/v1/admin/associations/atlantis/queues"),
            await admin.CreateRuleAsync("atlantis", new JsonObject { ["queueId"] = await _factory.QueueIdAsync("LSG Nässjö"), ["areaCode"] = "nassjo", ["description"] = "x" }),
            await admin.PostAsJsonAsync("/api/v1/admin/associations/atlantis/steering-groups", new JsonObject { ["name"] = "Ny grupp" }),
            await admin.PatchAsJsonAsync($"/api/v1/admin/steering-groups/{unknown}", new JsonObject { ["name"] = "Omdöpt" }),
            await admin.PutAsync($"/api/v1/admin/steering-groups/{unknown}/members/{DemoSeed.TriagerEmail}", null),
            await admin.PostAsJsonAsync($"/api/v1/admin/steering-groups/{unknown}/queues", new JsonObject { ["name"] = "Ny kö" }),
            await admin.DeleteAsync($"/api/v1/admin/routing-rules/{unknown}"),
            await admin.PutAsync($"/api/v1/admin/parties/{unknown}/contacts/{DemoSeed.ResponderFkEmail}", null),
        ];

        foreach (var response in missing)
            await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}
