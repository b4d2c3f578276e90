namespace LexHeller.Api.Tests.Admin;

/// <summary>
/// Dead letters are an association's business: its administrators list and retry its own, and another
/// association's administrator is refused (403) and changes nothing. (How a message dies is the outbox contract's.)
/// </summary>
public sealed class DeadNotificationAdministrationTests : IAsyncLifetime
{
    private const string NeighbourAdmin = "admin@jonkoping.example";
    private const string HoglandetRecipient = "kontakt@hoglandet-part.example";
    private const string JonkopingRecipient = "kontakt@jonkoping-part.example";

    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?> { ["Notifications:Enabled"] = "false" });

    public async ValueTask InitializeAsync() => await _factory.GrantAsync(DemoSeed.NeighbourCode, NeighbourAdmin, "admin");

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task An_admin_lists_only_their_own_associations_dead_notifications_without_addresses_and_another_associations_admin_gets_403()
    {
        var hoglandet = await _factory.EnqueueDeadAsync(DemoSeed.HoglandetCode, HoglandetRecipient);
        var jonkoping = await _factory.EnqueueDeadAsync(DemoSeed.NeighbourCode, JonkopingRecipient);
        var neighbourAdmin = _factory.Admin(NeighbourAdmin);

        await Problems.AssertProblemAsync(await neighbourAdmin.GetAsync($"/api/v1/admin/associations/{DemoSeed.HoglandetCode}/notifications/dead"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await neighbourAdmin.PostAsync($"/api/v1/admin/notifications/{hoglandet}/retry", null), HttpStatusCode.Forbidden);
        Assert.NotNull((await _factory.RowAsync(hoglandet)).DeadAt);

        var (ownIds, ownBody) = await DeadAsync(neighbourAdmin, DemoSeed.NeighbourCode);
        Assert.Equal([jonkoping], ownIds);
        Assert.DoesNotContain("jonkoping-part.example", ownBody, StringComparison.Ordinal);
        var (hoglandetIds, hoglandetBody) = await DeadAsync(_factory.Admin(), DemoSeed.HoglandetCode);
        Assert.Equal([hoglandet], hoglandetIds);
        Assert.DoesNotContain("hoglandet-part.example", hoglandetBody, StringComparison.Ordinal);
        var entry = JsonNode.Parse(hoglandetBody)!["notifications"]![0]!;
        Assert.Equal("party-contact", (string)entry["recipientKind"]!);
        Assert.Equal(10, (int)entry["attempts"]!);
        Assert.Null(entry["reportReference"]);
    }

    [Fact]
    public async Task A_retried_dead_notification_is_due_at_once_and_retrying_one_that_is_not_dead_is_409_and_an_unknown_one_404()
    {
        var dead = await _factory.EnqueueDeadAsync(DemoSeed.HoglandetCode, HoglandetRecipient);
        var queued = await _factory.EnqueueAsync(OutboxTesting.Email(HoglandetRecipient, "Köad",
            associationId: await _factory.ScalarAsync<Guid>("SELECT id FROM associations WHERE code = @Code", new { Code = DemoSeed.HoglandetCode })));
        var admin = _factory.Admin();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/notifications/{dead}/retry", null)).StatusCode);
        await Problems.AssertProblemAsync(await admin.PostAsync($"/api/v1/admin/notifications/{queued}/retry", null), HttpStatusCode.Conflict);
        await Problems.AssertProblemAsync(await admin.PostAsync($"/api/v1/admin/notifications/{Guid.NewGuid()}/retry", null), HttpStatusCode.NotFound);

        var row = await _factory.RowAsync(dead);
        Assert.Null(row.DeadAt);
        Assert.Equal(10, row.Attempts);
        Assert.True(row.NextAttemptAt <= _factory.Clock.GetUtcNow());
        Assert.Empty((await DeadAsync(admin, DemoSeed.HoglandetCode)).Ids);
    }

    private static async Task<(IReadOnlyList<Guid> Ids, string Body)> DeadAsync(HttpClient admin, string code)
    {
        using var response = await admin.GetAsync($"/api/v1/admin/associations/{code}/notifications/dead");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return ([.. JsonNode.Parse(body)!["notifications"]!.AsArray().Select(node => (Guid)node!["id"]!)], body);
    }
}
