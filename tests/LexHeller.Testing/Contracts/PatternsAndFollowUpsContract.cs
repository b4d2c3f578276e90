namespace LexHeller.Testing.Contracts;

/// <summary>
/// Patterns and structural follow-ups over storage — windows counted by event date, the detection
/// remembered and told once, follow-ups with their version and append-only log, links both ways —
/// written once and bound to each engine.
/// </summary>
public abstract class PatternsAndFollowUpsContract : WorkflowContract
{
    private const string Key = "knowledge~region,employment-service";


    private async Task<List<Guid>> FileAsync(LexHellerApiFactory factory, params int[] daysAgo)
    {
        // The clock stands at 09:00 UTC: the same calendar day in Sweden.
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var ids = new List<Guid>();
        foreach (var days in daysAgo)
        {
            var body = ReportBodies.FromFixture(ReferenceData, 13);
            body["eventDate"] = today.AddDays(-days).ToString("yyyy-MM-dd");
            body["suggestedCategory"] = "knowledge";
            body["involvedPartyIds"] = new JsonArray(
                JsonValue.Create(ReferenceData.PartyId(ReportBodies.Association, "Region Jönköpings län")),
                JsonValue.Create(ReferenceData.PartyId(ReportBodies.Association, "Arbetsförmedlingen")));
            ids.Add((await Workflow.FileAsync(body)).Id);
        }

        return ids;
    }

    private async Task<JsonNode?> PatternAsync() =>
        (await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/patterns?associationCode=hoglandet"))!["patterns"]!.AsArray()
            .SingleOrDefault(pattern => (string)pattern!["key"]! == Key);

    [Fact]
    public async Task A_pattern_counts_by_event_date_within_the_window_and_is_told_once()
    {
        var factory = await StartAsync();
        await FileAsync(factory, 0, 180, 200);
        Assert.Null(await PatternAsync());

        await FileAsync(factory, 179);
        await FileAsync(factory, 1);

        var pattern = (await PatternAsync())!;
        Assert.Equal(3, (int)pattern["count"]!);
        Assert.Equal(2, (int)pattern["previousCount"]!);
        Assert.Equal("rising", (string)pattern["trend"]!);
        Assert.Equal(3, pattern["reports"]!.AsArray().Count);
        Assert.Equal(1, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE kind = 'pattern'"));
        Assert.Equal(1, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM pattern_detections WHERE category = 'knowledge'"));
    }

    [Fact]
    public async Task A_follow_up_keeps_its_version_and_log_and_links_reports_both_ways()
    {
        var factory = await StartAsync();
        var ids = await FileAsync(factory, 0, 1, 2);
        var ownerGroupId = await factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = 'Beredningsgruppen Höglandet'");

        var created = await Workflow.Triager.PostAsJsonAsync("/api/v1/follow-ups",
            new { associationCode = "hoglandet", title = "Kunskap om uppdragen", ownerGroupId, dueOn = "2027-02-01", patternKey = Key });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (Guid)(await created.ReadJsonAsync())["id"]!;

        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/follow-ups/{id}") { Content = JsonContent.Create(new { status = "in-progress", dueOn = (string?)null }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var patched = await Workflow.Triager.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/follow-ups/{id}") { Content = JsonContent.Create(new { title = "Sent" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Workflow.Triager.SendAsync(stale)).StatusCode);

        var read = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/follow-ups/{id}"))!;
        Assert.Equal(2, (int)read["version"]!);
        Assert.Null(read["dueOn"]);
        Assert.Equal([1, 2, 3, 4], read["events"]!.AsArray().Select(e => (int)e!["sequence"]!));
        Assert.Equal("2027-02-01", (string)read["events"]![2]!["data"]!["changes"]![0]!["from"]!);
        Assert.Equal(ids.Order(), read["reports"]!.AsArray().Select(r => (Guid)r!["id"]!).Order());
        Assert.Equal(3, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM report_events WHERE event_type = 'linked-to-follow-up' AND data LIKE @Id", new { Id = $"%{id}%" }));
        Assert.Contains(DemoSeed.TriagerEmail, read["events"]!.AsArray().Select(e => (string)e!["actor"]!));
    }
}
