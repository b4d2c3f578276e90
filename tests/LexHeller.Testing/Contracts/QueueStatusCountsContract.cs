namespace LexHeller.Testing.Contracts;

/// <summary>
/// The counts per queue and status that the queue overview reads (queue_status_counts, migration 0019,
/// kept by triggers on reports) against a full <c>COUNT(*) … GROUP BY</c> over reports, after every kind of
/// change a report's queue or status goes through: exact, row for row, on each engine. And the overview
/// (<c>GET /api/v1/queues</c>) shows those same numbers.
/// </summary>
public abstract class QueueStatusCountsContract : WorkflowContract
{
    private const string Kept = "SELECT queue_id AS QueueId, status AS Status, report_count AS Reports FROM queue_status_counts";

    private const string Counted = """
        SELECT queue_id AS QueueId, status AS Status, COUNT(*) AS Reports
        FROM reports
        WHERE queue_id IS NOT NULL
        GROUP BY queue_id, status
        """;

    private const string QueuesOfHoglandet = """
        SELECT q.id FROM queues q JOIN associations a ON a.id = q.association_id
        WHERE a.code = 'hoglandet'
        ORDER BY q.name
        """;

    [Fact]
    public async Task The_counts_equal_a_full_count_of_the_reports_after_every_kind_of_change_of_queue_or_status()
    {
        var factory = await StartAsync();
        await AssertExactAsync("the demo seed");

        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1, ReportBodies.Contact("raknare@eksjo.example")));
        var routedTo = await factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = id });
        await AssertExactAsync("a submission routed to a queue");

        // Triage that moves the report to another queue of the association: queue and status change in one statement.
        var otherQueue = (await factory.QueryAsync<Guid>(QueuesOfHoglandet)).First(queue => queue != routedTo);
        await Workflow.StepAsync(id, "triage", new { reason = "Hör till en annan kö.", queueId = otherQueue });
        Assert.Equal(otherQueue, await factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = id }));
        await AssertExactAsync("triage into another queue");

        await Workflow.StepAsync(id, "information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" });
        await AssertExactAsync("an information request");
        var reply = await Workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{token}/messages", new { text = "Enheten i centrum." });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        await AssertExactAsync("the reporter's answer");

        await Workflow.ReferAsync(id, "Försäkringskassan");
        await AssertExactAsync("a referral");
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        await AssertExactAsync("the party's answer");
        await Workflow.StepAsync(id, "closure", new { resolution = "answered", reason = "Svaret räcker." });
        await AssertExactAsync("a closure");
        await Workflow.StepAsync(id, "reopening", new { reason = "Problemet kom tillbaka." });
        await AssertExactAsync("a reopening");

        // Forwarded at closure: the original closes here and a copy is filed (and routed) in the other association.
        await Workflow.StepAsync(id, "closure", new { resolution = "forwarded", reason = "Hör till grannförbundet.", forwardToAssociationCode = DemoSeed.NeighbourCode });
        await AssertExactAsync("a forwarding at closure");

        // Forwarded at submission by the association's routing rule (Aneby, the region involved).
        await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 9));
        await AssertExactAsync("a forwarding at submission");

        var (duplicate, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 2));
        var (original, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 2));
        await Workflow.StepAsync(duplicate, "closure", new { resolution = "duplicate", reason = "Samma händelse.", duplicateOfReportId = original });
        await AssertExactAsync("a closure as a duplicate");

        // A set-based statement outside the service's code (a script, a future path) over many reports at once.
        var moved = await factory.ExecuteAsync(
            """
            UPDATE reports SET queue_id = @To
            WHERE association_id = (SELECT association_id FROM queues WHERE id = @To) AND queue_id <> @To AND status IN ('received', 'closed')
            """, new { To = otherQueue });
        Assert.True(moved > 1, $"{moved} report(s) moved");
        await AssertExactAsync("a statement that moves many reports at once");
        await factory.ExecuteAsync("UPDATE reports SET queue_id = NULL WHERE queue_id = @To AND status = 'closed'", new { To = otherQueue });
        await AssertExactAsync("a statement that takes reports out of their queue");
    }

    /// <summary>queue_status_counts row for row against a full count, and the triager's overview against the full count.</summary>
    private async Task AssertExactAsync(string after)
    {
        var counted = Lines(await Factory.QueryAsync<CountRow>(Counted));
        var kept = Lines(await Factory.QueryAsync<CountRow>(Kept));
        Assert.True(counted.SequenceEqual(kept),
            $"After {after}: queue_status_counts\n  {string.Join("\n  ", kept)}\nbut a full count of reports\n  {string.Join("\n  ", counted)}");
        Assert.NotEmpty(counted);

        var byQueue = (await Factory.QueryAsync<CountRow>(Counted)).ToLookup(row => row.QueueId);
        var overview = (await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/queues"))!["queues"]!.AsArray();
        Assert.NotEmpty(overview);
        foreach (var queue in overview)
        {
            var queueId = (Guid)queue!["id"]!;
            var shown = queue["counts"]!.AsObject().Where(pair => (int)pair.Value! > 0).Select(pair => $"{pair.Key}={(int)pair.Value!}").Order(StringComparer.Ordinal);
            var full = byQueue[queueId].Select(row => $"{row.Status}={row.Reports}").Order(StringComparer.Ordinal);
            Assert.True(full.SequenceEqual(shown), $"After {after}: the overview shows {string.Join(", ", shown)} for queue {queueId}, a full count {string.Join(", ", full)}");
            Assert.Equal(byQueue[queueId].Where(row => row.Status != "closed").Sum(row => row.Reports), (long)queue["open"]!);
        }
    }

    private static List<string> Lines(IEnumerable<CountRow> rows) =>
        [.. rows.Select(row => $"{row.QueueId:D} {row.Status} {row.Reports}").Order(StringComparer.Ordinal)];

    private sealed class CountRow
    {
        public Guid QueueId { get; init; }
        public string Status { get; init; } = "";
        public long Reports { get; init; }
    }
}
