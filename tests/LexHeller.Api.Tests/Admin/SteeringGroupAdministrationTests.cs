namespace LexHeller.Api.Tests.Admin;

public sealed class SteeringGroupAdministrationTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private HttpClient _admin = null!;

    public ValueTask InitializeAsync()
    {
        _admin = _factory.Admin();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_new_steering_group_is_listed_with_its_lower_cased_members_next_meeting_and_queues()
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/steering-groups",
            new JsonObject { ["name"] = "  Arbetsgrupp unga vuxna  ", ["nextMeetingOn"] = "2026-12-10" });
        var group = await AdminCalls.CreatedIdAsync(response);
        Assert.Equal($"/api/v1/admin/steering-groups/{group}", response.Headers.Location?.OriginalString);
        var queue = await _admin.CreateQueueAsync(group, "Unga vuxna");
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsync($"/api/v1/admin/steering-groups/{group}/members/Anna.Svensson@Nassjo.Example", null)).StatusCode);

        var listed = (await GroupsAsync("hoglandet")).Single(g => (Guid)g!["id"]! == group)!;

        Assert.Equal("Arbetsgrupp unga vuxna", (string)listed["name"]!);
        Assert.Equal("2026-12-10", (string)listed["nextMeetingOn"]!);
        Assert.Equal(["anna.svensson@nassjo.example"], listed["members"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(queue, (Guid)Assert.Single(listed["queues"]!.AsArray())!["id"]!);
        var beredning = (await GroupsAsync("hoglandet")).Single(g => (string)g!["name"]! == "Beredningsgruppen Höglandet")!;
        Assert.Equal([DemoSeed.TriagerEmail], beredning["members"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("Beredningsgruppen Höglandet", (string)Assert.Single(beredning["queues"]!.AsArray())!["name"]!);
    }

    [Fact]
    public async Task A_patch_changes_only_what_it_names_and_null_clears_the_meeting()
    {
        var group = await _admin.CreateSteeringGroupAsync("hoglandet", "Styrgruppen", "2026-12-10");
        var path = $"/api/v1/admin/steering-groups/{group}";

        var renamed = await (await _admin.PatchAsJsonAsync(path, new JsonObject { ["name"] = "Styrgruppen Höglandet" })).ReadJsonAsync();
        Assert.Equal("Styrgruppen Höglandet", (string)renamed["name"]!);
        Assert.Equal("2026-12-10", (string)renamed["nextMeetingOn"]!);

        var cleared = await (await _admin.PatchAsJsonAsync(path, new JsonObject { ["nextMeetingOn"] = null })).ReadJsonAsync();
        Assert.Equal("Styrgruppen Höglandet", (string)cleared["name"]!);
        Assert.Null(cleared["nextMeetingOn"]);
        Assert.Null(await _factory.ScalarAsync<string?>("SELECT next_meeting_on FROM steering_groups WHERE id = @Id", new { Id = group }));

        var moved = await (await _admin.PatchAsJsonAsync(path, new JsonObject { ["nextMeetingOn"] = "2027-01-14" })).ReadJsonAsync();
        Assert.Equal("2027-01-14", (string)moved["nextMeetingOn"]!);
        Assert.Equal("2027-01-14", (string)(await GroupsAsync("hoglandet")).Single(g => (Guid)g!["id"]! == group)!["nextMeetingOn"]!);
    }

    [Fact]
    public async Task A_steering_group_name_is_unique_within_its_association_only()
    {
        var group = await _admin.CreateSteeringGroupAsync("hoglandet", "Styrgruppen");

        await Problems.AssertProblemAsync(await _admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/steering-groups",
            new JsonObject { ["name"] = "LSG Nässjö" }), HttpStatusCode.Conflict);
        await Problems.AssertProblemAsync(await _admin.PatchAsJsonAsync($"/api/v1/admin/steering-groups/{group}",
            new JsonObject { ["name"] = "LSG Nässjö" }), HttpStatusCode.Conflict);
        Assert.Equal("Styrgruppen", await _factory.ScalarAsync<string>("SELECT name FROM steering_groups WHERE id = @Id", new { Id = group }));
        await _admin.CreateSteeringGroupAsync(DemoSeed.NeighbourCode, "LSG Nässjö");
    }

    [Fact]
    public async Task Membership_decides_who_reads_a_groups_reports()
    {
        var referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());
        var report = await _factory.FileAsReporterAsync(ReportBodies.FromFixture(referenceData, 5));
        var members = $"/api/v1/admin/steering-groups/{await _factory.SteeringGroupIdAsync("LSG Nässjö")}/members/{DemoSeed.TriagerEmail}";
        var triager = _factory.Triager();
        Assert.Equal(HttpStatusCode.OK, (await triager.GetAsync($"/api/v1/reports/{report}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync(members)).StatusCode);
        await Problems.AssertProblemAsync(await triager.GetAsync($"/api/v1/reports/{report}"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await _admin.DeleteAsync(members), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsync(members, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsync(members, null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await triager.GetAsync($"/api/v1/reports/{report}")).StatusCode);
        Assert.Equal(1, await _factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM steering_group_members m JOIN steering_groups g ON g.id = m.steering_group_id WHERE g.name = 'LSG Nässjö'"));
    }

    [Fact]
    public async Task Party_contacts_are_kept_lower_cased_once_and_can_be_removed()
    {
        var party = await _factory.PartyIdAsync("hoglandet", "Försäkringskassan");
        var contact = $"/api/v1/admin/parties/{party}/contacts/Kontakt.Person@FK.example";
        const string Count = "SELECT COUNT(*) FROM party_members WHERE party_id = @Party AND user_key = 'kontakt.person@fk.example'";

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsync(contact, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PutAsync(contact, null)).StatusCode);
        Assert.Equal(1, await _factory.ScalarAsync<int>(Count, new { Party = party }));

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync(contact)).StatusCode);
        Assert.Equal(0, await _factory.ScalarAsync<int>(Count, new { Party = party }));
        await Problems.AssertProblemAsync(await _admin.DeleteAsync(contact), HttpStatusCode.NotFound);
        Assert.Equal(1, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM party_members WHERE party_id = @Party", new { Party = party }));
    }

    private async Task<JsonArray> GroupsAsync(string associationCode) =>
        (await _admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/associations/{associationCode}/steering-groups"))!["steeringGroups"]!.AsArray();
}
