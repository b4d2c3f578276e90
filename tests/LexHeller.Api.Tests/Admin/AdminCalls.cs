namespace LexHeller.Api.Tests.Admin;

/// <summary>Administration as a client does it, and the seeded ids the tests act on.</summary>
internal static class AdminCalls
{
    public static HttpClient Admin(this LexHellerApiFactory factory, string email = DemoSeed.AdminEmail) =>
        factory.CreateClient().WithBearer(TestTokens.For("admin", email));

    public static HttpClient Triager(this LexHellerApiFactory factory) =>
        factory.CreateClient().WithBearer(TestTokens.For("triager", DemoSeed.TriagerEmail));

    public static async Task<Guid> CreateSteeringGroupAsync(this HttpClient admin, string associationCode, string name, string? nextMeetingOn = null) =>
        await CreatedIdAsync(await admin.PostAsJsonAsync($"/api/v1/admin/associations/{associationCode}/steering-groups",
            new JsonObject { ["name"] = name, ["nextMeetingOn"] = nextMeetingOn }));

    public static async Task<Guid> CreateQueueAsync(this HttpClient admin, Guid steeringGroupId, string name) =>
        await CreatedIdAsync(await admin.PostAsJsonAsync($"/api/v1/admin/steering-groups/{steeringGroupId}/queues", new JsonObject { ["name"] = name }));

    public static Task<HttpResponseMessage> CreateRuleAsync(this HttpClient admin, string associationCode, JsonObject rule) =>
        admin.PostAsJsonAsync($"/api/v1/admin/associations/{associationCode}/routing-rules", rule);

    public static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (Guid)(await response.ReadJsonAsync())["id"]!;
    }

    public static async Task<JsonArray> RulesAsync(this HttpClient admin, string associationCode) =>
        (await admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/associations/{associationCode}/routing-rules"))!["rules"]!.AsArray();

    public static Task<Guid> SteeringGroupIdAsync(this LexHellerApiFactory factory, string name) =>
        factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = @Name", new { Name = name });

    public static Task<Guid> QueueIdAsync(this LexHellerApiFactory factory, string name) =>
        factory.ScalarAsync<Guid>("SELECT id FROM queues WHERE name = @Name", new { Name = name });

    public static Task<Guid> PartyIdAsync(this LexHellerApiFactory factory, string associationCode, string name) => factory.ScalarAsync<Guid>(
        "SELECT p.id FROM parties p JOIN associations s ON s.id = p.association_id WHERE s.code = @Code AND p.name = @Name",
        new { Code = associationCode, Name = name });

    /// <summary>How many administration rows there are: unchanged when a request is refused.</summary>
    public static Task<int> AdministrationRowsAsync(this LexHellerApiFactory factory) => factory.ScalarAsync<int>("""
        SELECT (SELECT COUNT(*) FROM steering_groups) + (SELECT COUNT(*) FROM steering_group_members) + (SELECT COUNT(*) FROM queues)
             + (SELECT COUNT(*) FROM routing_rules) + (SELECT COUNT(*) FROM party_members)
        """);
}
