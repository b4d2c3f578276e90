using LexHeller.Api.Tests.Admin;

namespace LexHeller.Api.Tests.Triage;

/// <summary>Triage changes the category: routing decides again (docs/domain.md, "Re-routing").</summary>
public sealed class ReroutingTests : WorkflowTests
{
    private const string OtherMember = "samordnare@arbetsgruppen.example";
    private const string Rule = "Moment 22 i Nässjö: arbetsgruppen";

    [Fact]
    public async Task A_category_change_moves_the_report_to_the_other_groups_queue_with_an_event_naming_the_rule_and_that_group_is_told()
    {
        var queue = await OtherGroupsQueueAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));
        var before = await CountsAsync();

        var state = await Workflow.StepAsync(id, "triage", new { category = "catch-22", reason = "Det är ett moment 22 mellan myndigheterna." });

        Assert.Equal(queue, await Factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = id }));
        Assert.Equal("in-triage", (string)state["status"]!);
        // The triager sits only in the group the report left: the new state stands, with nothing more for them to do.
        Assert.Empty(state["allowedActions"]!.AsArray());
        await Problems.AssertProblemAsync(await Workflow.Triager.GetAsync($"/api/v1/reports/{id}"), HttpStatusCode.Forbidden);

        var reason = await Factory.ScalarAsync<string>(
            "SELECT reason FROM report_events WHERE report_id = @Id AND event_type = 'rerouted'", new { Id = id });
        Assert.Contains($"'{Rule}'", reason, StringComparison.Ordinal);
        Assert.Contains("'Moment 22 i Nässjö'", reason, StringComparison.Ordinal);

        var told = await Factory.QueryAsync<string>(
            "SELECT recipient FROM outbox_messages WHERE report_id = @Id AND kind = 'group-rerouted'", new { Id = id });
        Assert.Equal([OtherMember], told);

        var lsgNassjo = await Factory.QueueIdAsync("LSG Nässjö");
        var after = await CountsAsync();
        Assert.Equal(Count(before, lsgNassjo, "received") - 1, Count(after, lsgNassjo, "received"));
        Assert.Equal(Count(before, lsgNassjo, "in-triage"), Count(after, lsgNassjo, "in-triage"));
        Assert.Equal(1, Count(after, queue, "in-triage"));
        Assert.Equal(await RecountAsync(), after);
    }

    [Fact]
    public async Task A_category_change_that_the_same_queue_still_matches_moves_nothing_and_tells_no_one()
    {
        await OtherGroupsQueueAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));
        var queue = await Factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = id });

        var state = await Workflow.StepAsync(id, "triage", new { category = "handover", reason = "Det gäller en överlämning." });

        Assert.Equal(queue, await Factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = id }));
        Assert.NotEmpty(state["allowedActions"]!.AsArray());
        Assert.Equal("handover", await Factory.ScalarAsync<string>("SELECT category FROM reports WHERE id = @Id", new { Id = id }));
        Assert.Equal(0, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM report_events WHERE report_id = @Id AND event_type = 'rerouted'", new { Id = id }));
        Assert.Equal(0, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND kind = 'group-rerouted'", new { Id = id }));
    }

    [Fact]
    public async Task A_queue_the_triager_chose_is_kept_even_when_the_new_category_routes_elsewhere()
    {
        var other = await OtherGroupsQueueAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));
        var highlands = await Factory.QueueIdAsync("Beredningsgruppen Höglandet");

        await Workflow.StepAsync(id, "triage", new { category = "catch-22", queueId = highlands, reason = "Höglandet tar den." });

        var now = await Factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = id });
        Assert.Equal(highlands, now);
        Assert.NotEqual(other, now);
        Assert.Equal(0, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM report_events WHERE report_id = @Id AND event_type = 'rerouted'", new { Id = id }));
    }

    [Fact]
    public async Task A_forwarding_rule_that_matches_the_new_category_is_not_applied_by_re_routing()
    {
        var admin = Factory.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.CreateRuleAsync(ReportBodies.Association, new JsonObject
        {
            ["areaCode"] = "nassjo", ["category"] = "information", ["forwardToAssociationCode"] = DemoSeed.NeighbourCode,
            ["description"] = "Information i Nässjö: Jönköping",
        })).StatusCode);
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));
        var queue = await Factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = id });

        var state = await Workflow.StepAsync(id, "triage", new { category = "information", reason = "Det gäller information." });

        Assert.Equal("in-triage", (string)state["status"]!);
        Assert.Equal(queue, await Factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = id }));
        Assert.Equal(0, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reports WHERE forwarded_from_report_id = @Id OR (id = @Id AND forwarded_to_report_id IS NOT NULL)", new { Id = id }));
        Assert.Equal(0, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM report_events WHERE report_id = @Id AND event_type = 'rerouted'", new { Id = id }));
    }

    /// <summary>A second group of the association, with a member of its own (not the demo triager), whose queue takes catch-22 in Nässjö.</summary>
    private async Task<Guid> OtherGroupsQueueAsync()
    {
        var admin = Factory.Admin();
        var group = await admin.CreateSteeringGroupAsync(ReportBodies.Association, "Arbetsgruppen för moment 22", "2026-12-10");
        var queue = await admin.CreateQueueAsync(group, "Moment 22 i Nässjö");
        Assert.Equal(HttpStatusCode.NoContent,
            (await admin.PutAsync($"/api/v1/admin/steering-groups/{group}/members/{OtherMember}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.CreateRuleAsync(ReportBodies.Association, new JsonObject
        {
            ["areaCode"] = "nassjo", ["category"] = "catch-22", ["queueId"] = queue, ["description"] = Rule,
        })).StatusCode);
        return queue;
    }

    private sealed record QueueCount(Guid QueueId, string Status, long ReportCount);

    private Task<IReadOnlyList<QueueCount>> CountsAsync() => Factory.QueryAsync<QueueCount>(
        "SELECT queue_id AS QueueId, status AS Status, report_count AS ReportCount FROM queue_status_counts ORDER BY queue_id, status");

    private Task<IReadOnlyList<QueueCount>> RecountAsync() => Factory.QueryAsync<QueueCount>("""
        SELECT queue_id AS QueueId, status AS Status, COUNT(*) AS ReportCount FROM reports WHERE queue_id IS NOT NULL
        GROUP BY queue_id, status ORDER BY queue_id, status
        """);

    private static long Count(IReadOnlyList<QueueCount> counts, Guid queue, string status) =>
        counts.SingleOrDefault(count => count.QueueId == queue && count.Status == status)?.ReportCount ?? 0;
}
