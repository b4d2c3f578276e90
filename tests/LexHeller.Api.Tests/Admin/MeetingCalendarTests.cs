using System.Globalization;

namespace LexHeller.Api.Tests.Admin;

/// <summary>A steering group's meeting calendar: the queues' next meeting and cut-off follow it as the days pass.</summary>
public sealed class MeetingCalendarTests : IAsyncLifetime
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
    public async Task The_queues_next_meeting_and_cut_off_follow_the_calendar_as_the_clock_moves()
    {
        // The clock stands at 2026-11-24.
        var group = await _factory.SteeringGroupIdAsync("Beredningsgruppen Höglandet");
        var meetings = $"/api/v1/admin/steering-groups/{group}/meetings";
        var put = await _admin.PutAsJsonAsync(meetings, new JsonObject { ["meetings"] = new JsonArray("2027-01-14", "2026-12-10", "2027-02-11"), ["cutOffDays"] = 10 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var calendar = await put.ReadJsonAsync();
        Assert.Equal(["2026-12-10", "2027-01-14", "2027-02-11"], calendar["meetings"]!.AsArray().Select(m => (string)m!["on"]!));
        Assert.Equal("2026-11-30", (string)calendar["cutOffOn"]!);

        Assert.Equal(("2026-12-10", "2026-11-30"), await QueueMeetingAsync());
        Assert.Equal(("2026-12-10", "2026-11-30"), await ListedMeetingAsync(group));

        _factory.Clock.Advance(TimeSpan.FromDays(16));   // 2026-12-10: the meeting day itself is still the next meeting.
        Assert.Equal(("2026-12-10", "2026-11-30"), await QueueMeetingAsync());

        _factory.Clock.Advance(TimeSpan.FromDays(1));    // 2026-12-11: on to January, without anyone editing anything.
        Assert.Equal(("2027-01-14", "2027-01-04"), await QueueMeetingAsync());
        Assert.Equal(("2027-01-14", "2027-01-04"), await ListedMeetingAsync(group));
        Assert.Equal(["2027-01-14", "2027-02-11"], (await _admin.GetFromJsonAsync<JsonNode>(meetings))!["meetings"]!.AsArray().Select(m => (string)m!["on"]!));

        var cutOff = await (await _admin.PatchAsJsonAsync($"/api/v1/admin/steering-groups/{group}", new JsonObject { ["cutOffDays"] = 21 })).ReadJsonAsync();
        Assert.Equal("2026-12-24", (string)cutOff["cutOffOn"]!);
        Assert.Equal(("2027-01-14", "2026-12-24"), await QueueMeetingAsync());

        _factory.Clock.Advance(TimeSpan.FromDays(90));   // 2027-03-11: the calendar has run out.
        Assert.Equal((null, null), await QueueMeetingAsync());
        Assert.Equal(3, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM steering_group_meetings WHERE steering_group_id = @Id", new { Id = group }));
        Assert.Equal(2, await _factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'steering-group' AND entity_id = @Id", new { Id = group.ToString() }));
    }

    [Fact]
    public async Task A_put_replaces_only_the_meetings_ahead_and_refuses_past_or_repeated_dates_and_a_cut_off_out_of_range()
    {
        var group = await _admin.CreateSteeringGroupAsync("hoglandet", "Kalendergruppen", "2026-11-26");
        var meetings = $"/api/v1/admin/steering-groups/{group}/meetings";
        _factory.Clock.Advance(TimeSpan.FromDays(3));    // 2026-11-27: the meeting of the 26th is past.

        await _admin.PutAsJsonAsync(meetings, new JsonObject { ["meetings"] = new JsonArray("2026-12-03") });
        Assert.Equal(["2026-11-26", "2026-12-03"], (await _factory.QueryAsync<DateOnly>(
            "SELECT meeting_on FROM steering_group_meetings WHERE steering_group_id = @Id ORDER BY meeting_on", new { Id = group })).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

        await Problems.AssertInvalidFieldAsync(await _admin.PutAsJsonAsync(meetings, new JsonObject { ["meetings"] = new JsonArray("2026-11-26") }), "meetings[0]");
        await Problems.AssertInvalidFieldAsync(await _admin.PutAsJsonAsync(meetings, new JsonObject { ["meetings"] = new JsonArray("2026-12-03", "2026-12-03") }), "meetings");
        await Problems.AssertInvalidFieldAsync(await _admin.PutAsJsonAsync(meetings, new JsonObject { ["meetings"] = new JsonArray(), ["cutOffDays"] = 61 }), "cutOffDays");
        await Problems.AssertInvalidFieldAsync(await _admin.PatchAsJsonAsync($"/api/v1/admin/steering-groups/{group}", new JsonObject { ["cutOffDays"] = -1 }), "cutOffDays");

        var emptied = await (await _admin.PutAsJsonAsync(meetings, new JsonObject { ["meetings"] = new JsonArray() })).ReadJsonAsync();
        Assert.Null(emptied["nextMeetingOn"]);
        Assert.Empty(emptied["meetings"]!.AsArray());
    }

    [Fact]
    public async Task Patching_next_meeting_on_replaces_the_calendars_next_meeting_as_it_replaced_the_one_date_before()
    {
        var group = await _admin.CreateSteeringGroupAsync("hoglandet", "Styrgruppen", "2026-12-10");
        var path = $"/api/v1/admin/steering-groups/{group}";
        await _admin.PutAsJsonAsync($"{path}/meetings", new JsonObject { ["meetings"] = new JsonArray("2026-12-10", "2027-02-11") });

        var moved = await (await _admin.PatchAsJsonAsync(path, new JsonObject { ["nextMeetingOn"] = "2026-12-17" })).ReadJsonAsync();
        Assert.Equal("2026-12-17", (string)moved["nextMeetingOn"]!);
        Assert.Equal("2026-12-03", (string)moved["cutOffOn"]!);
        var cleared = await (await _admin.PatchAsJsonAsync(path, new JsonObject { ["nextMeetingOn"] = null })).ReadJsonAsync();
        Assert.Equal("2027-02-11", (string)cleared["nextMeetingOn"]!);

        Assert.Equal(["2027-02-11"], (await _admin.GetFromJsonAsync<JsonNode>($"{path}/meetings"))!["meetings"]!.AsArray().Select(m => (string)m!["on"]!));
    }

    [Fact]
    public async Task The_demo_groups_next_meetings_are_in_their_calendars_and_show_as_before()
    {
        var group = await _factory.SteeringGroupIdAsync("Beredningsgruppen Höglandet");

        Assert.Equal(("2026-12-18", "2026-12-04"), await QueueMeetingAsync());   // 24 days after 2026-11-24, cut-off two weeks before
        Assert.Equal(["2026-12-18"], (await _admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/steering-groups/{group}/meetings"))!["meetings"]!.AsArray().Select(m => (string)m!["on"]!));
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM steering_groups WHERE next_meeting_on IS NOT NULL"));
    }

    private async Task<(string? Meeting, string? CutOff)> QueueMeetingAsync()
    {
        var queue = (await _factory.Triager().GetFromJsonAsync<JsonNode>("/api/v1/queues"))!["queues"]!.AsArray()
            .Single(q => (string)q!["name"]! == "Beredningsgruppen Höglandet")!;
        return ((string?)queue["nextMeeting"], (string?)queue["cutOff"]);
    }

    private async Task<(string? Meeting, string? CutOff)> ListedMeetingAsync(Guid group)
    {
        var listed = (await _admin.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations/hoglandet/steering-groups"))!["steeringGroups"]!.AsArray()
            .Single(g => (Guid)g!["id"]! == group)!;
        return ((string?)listed["nextMeetingOn"], (string?)listed["cutOffOn"]);
    }
}
