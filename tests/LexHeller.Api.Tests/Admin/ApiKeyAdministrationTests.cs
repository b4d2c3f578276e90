namespace LexHeller.Api.Tests.Admin;

/// <summary>API keys: made by an administrator, shown once, listed without the key, used (and the use recorded), revoked at once.</summary>
public sealed class ApiKeyAdministrationTests : IAsyncLifetime
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
    public async Task A_key_is_shown_once_listed_without_it_records_its_last_use_and_stops_working_when_revoked()
    {
        var partyId = _referenceData.PartyId(ReportBodies.Association, "Nässjö kommun");
        var created = await _admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/api-clients",
            new { name = "Treserva, Nässjö kommun", partyId });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("no-store", created.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var client = await created.ReadJsonAsync();
        var id = (Guid)client["id"]!;
        var key = (string)client["key"]!;
        Assert.StartsWith("lh_", key, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/admin/api-clients/{id}", created.Headers.Location?.OriginalString);

        // Stored as its hash only; never listed again.
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM api_clients WHERE key_hash = @Key", new { Key = key }));
        var listed = await ListAsync();
        Assert.DoesNotContain(key, listed.ToJsonString(), StringComparison.Ordinal);
        var entry = listed.Single(c => (Guid)c!["id"]! == id)!;
        Assert.Equal(("Treserva, Nässjö kommun", "Nässjö kommun"), ((string)entry["name"]!, (string)entry["party"]!["name"]!));
        Assert.Null(entry["lastUsedAt"]);
        Assert.Null(entry["revokedAt"]);

        // Used: the report is filed, and the use recorded on the service's clock.
        _factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var usedAt = _factory.Clock.GetUtcNow();
        var partner = _factory.CreateClient().WithApiKey(key);
        Assert.Equal(HttpStatusCode.Created, (await partner.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData))).StatusCode);
        Assert.Equal(usedAt, (DateTimeOffset)(await ListAsync()).Single(c => (Guid)c!["id"]! == id)!["lastUsedAt"]!);

        // Revoked: the very next request is refused; revoking again changes nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/admin/api-clients/{id}")).StatusCode);
        await Problems.AssertProblemAsync(await partner.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData)), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/admin/api-clients/{id}")).StatusCode);
        Assert.Equal(usedAt, (DateTimeOffset)(await ListAsync()).Single(c => (Guid)c!["id"]! == id)!["revokedAt"]!);
    }

    [Fact]
    public async Task Last_use_is_written_at_most_once_a_minute_per_key()
    {
        var key = await CreateKeyAsync("Minutnoggrann");
        var partner = _factory.CreateClient().WithApiKey(key);
        var first = _factory.Clock.GetUtcNow();

        await partner.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData));
        _factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await partner.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData));
        Assert.Equal(first, await LastUsedAsync("Minutnoggrann"));

        _factory.Clock.Advance(TimeSpan.FromSeconds(31));
        await partner.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData));
        Assert.Equal(_factory.Clock.GetUtcNow(), await LastUsedAsync("Minutnoggrann"));
    }

    [Fact]
    public async Task Only_an_administrator_of_the_association_may_make_list_or_revoke_keys()
    {
        var key = await CreateKeyAsync("Behörighetsprov");
        var id = (Guid)(await ListAsync()).Single(c => (string)c!["name"]! == "Behörighetsprov")!["id"]!;
        var partyId = _referenceData.PartyId(ReportBodies.Association, "Nässjö kommun");
        var outsider = _factory.Admin("annan.admin@annat-forbund.example");
        var triager = _factory.Triager();

        foreach (var caller in new[] { outsider, triager })
        {
            await Problems.AssertProblemAsync(await caller.GetAsync($"/api/v1/admin/associations/{ReportBodies.Association}/api-clients"), HttpStatusCode.Forbidden);
            await Problems.AssertProblemAsync(await caller.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/api-clients",
                new { name = "Smuggel", partyId }), HttpStatusCode.Forbidden);
            await Problems.AssertProblemAsync(await caller.DeleteAsync($"/api/v1/admin/api-clients/{id}"), HttpStatusCode.Forbidden);
        }

        await Problems.AssertProblemAsync(await _factory.CreateClient().DeleteAsync($"/api/v1/admin/api-clients/{id}"), HttpStatusCode.Unauthorized);
        await Problems.AssertProblemAsync(await _admin.DeleteAsync($"/api/v1/admin/api-clients/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        // Still working: nobody above could revoke it.
        Assert.Equal(HttpStatusCode.Created,
            (await _factory.CreateClient().WithApiKey(key).PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData))).StatusCode);
        Assert.DoesNotContain(await ListAsync(), c => (string)c!["name"]! == "Smuggel");
    }

    [Fact]
    public async Task A_key_needs_a_name_and_a_party_of_the_same_association()
    {
        var neighbourParty = await _factory.ScalarAsync<Guid>(
            "SELECT p.id FROM parties p JOIN associations s ON s.id = p.association_id WHERE s.code = @Code", new { Code = DemoSeed.NeighbourCode });
        var url = $"/api/v1/admin/associations/{ReportBodies.Association}/api-clients";

        var otherParty = await _admin.PostAsJsonAsync(url, new { name = "Fel förbund", partyId = neighbourParty });
        var noName = await _admin.PostAsJsonAsync(url, new { partyId = neighbourParty });
        var noParty = await _admin.PostAsJsonAsync(url, new { name = "Utan part" });

        Assert.Contains("is not a party of association", (await Problems.AssertProblemAsync(otherParty, HttpStatusCode.UnprocessableEntity))["detail"]!.ToString());
        await Problems.AssertInvalidFieldAsync(noName, "name");
        await Problems.AssertInvalidFieldAsync(noParty, "partyId");
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM api_clients WHERE name IN ('Fel förbund', 'Utan part')"));
    }

    private async Task<string> CreateKeyAsync(string name)
    {
        var response = await _admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/api-clients",
            new { name, partyId = _referenceData.PartyId(ReportBodies.Association, "Nässjö kommun") });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadJsonAsync())["key"]!;
    }

    private async Task<JsonArray> ListAsync() =>
        (await _admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/associations/{ReportBodies.Association}/api-clients"))!["apiClients"]!.AsArray();

    private Task<DateTimeOffset> LastUsedAsync(string name) =>
        _factory.ScalarAsync<DateTimeOffset>("SELECT last_used_at FROM api_clients WHERE name = @Name", new { Name = name });
}
