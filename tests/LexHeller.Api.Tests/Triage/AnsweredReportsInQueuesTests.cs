using LexHeller.Api.Tests.Admin;

namespace LexHeller.Api.Tests.Triage;

/// <summary>
/// The queue overview (GET /api/v1/queues) counts answered reports under <c>answered</c>, and per steering group
/// the answered reports that wait for its decision, with the group's next meeting from its calendar.
/// </summary>
public sealed class AnsweredReportsInQueuesTests : WorkflowTests
{
    private const string Group = "Beredningsgruppen Höglandet";

    [Fact]
    public async Task An_answered_report_counts_under_answered_and_as_a_decision_of_its_group_before_the_next_meeting()
    {
        var groupId = await Factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = @Name", new { Name = Group });
        var queueId = await Factory.ScalarAsync<Guid>("SELECT id FROM queues WHERE steering_group_id = @Id AND name = @Name", new { Id = groupId, Name = Group });
        var put = await Factory.Admin().PutAsJsonAsync($"/api/v1/admin/steering-groups/{groupId}/meetings",
            new JsonObject { ["meetings"] = new JsonArray("2026-12-10", "2027-01-14"), ["cutOffDays"] = 10 });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        await Workflow.StepAsync(id, "triage", new { reason = "Beredningsgruppen tar den.", queueId });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        var before = await OverviewAsync();

        await Workflow.AnswerAsync(Workflow.ResponderFk, id);

        var after = await OverviewAsync();
        var (queueBefore, queueAfter) = (Queue(before, queueId), Queue(after, queueId));
        Assert.Equal((int)queueBefore["counts"]!["answered"]! + 1, (int)queueAfter["counts"]!["answered"]!);
        Assert.Equal((int)queueBefore["counts"]!["referred"]! - 1, (int)queueAfter["counts"]!["referred"]!);
        Assert.Equal((int)queueBefore["open"]!, (int)queueAfter["open"]!);

        var decisions = after["decisions"]!.AsArray().Single(d => (Guid)d!["steeringGroupId"]! == groupId)!;
        Assert.Equal(Group, (string)decisions["steeringGroup"]!);
        Assert.Equal("2026-12-10", (string)decisions["nextMeeting"]!);
        Assert.Equal("2026-11-30", (string)decisions["cutOff"]!);
        var answeredInGroup = await Factory.ScalarAsync<int>("""
            SELECT COUNT(*) FROM reports r JOIN queues q ON q.id = r.queue_id
            WHERE q.steering_group_id = @Id AND r.status = 'answered'
            """, new { Id = groupId });
        Assert.True(answeredInGroup >= 1);
        Assert.Equal(answeredInGroup, (int)decisions["toDecide"]!);
        var beforeDecisions = before["decisions"]!.AsArray().Single(d => (Guid)d!["steeringGroupId"]! == groupId)!;
        Assert.Equal((int)beforeDecisions["toDecide"]! + 1, (int)decisions["toDecide"]!);
    }

    [Fact]
    public async Task Every_group_of_the_caller_is_listed_once_with_the_sum_of_its_queues_answered_counts()
    {
        var overview = await OverviewAsync();

        var queues = overview["queues"]!.AsArray();
        var decisions = overview["decisions"]!.AsArray();
        Assert.Equal(queues.Select(q => (string)q!["steeringGroup"]!).Distinct().Order(), decisions.Select(d => (string)d!["steeringGroup"]!).Order());
        Assert.All(decisions, decision => Assert.Equal(
            queues.Where(q => (string)q!["steeringGroup"]! == (string)decision!["steeringGroup"]!).Sum(q => (int)q!["counts"]!["answered"]!),
            (int)decision!["toDecide"]!));
    }

    private async Task<JsonNode> OverviewAsync() => (await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/queues"))!;

    private static JsonNode Queue(JsonNode overview, Guid id) => overview["queues"]!.AsArray().Single(q => (Guid)q!["id"]! == id)!;
}
