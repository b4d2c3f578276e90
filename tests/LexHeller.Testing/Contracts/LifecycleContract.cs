namespace LexHeller.Testing.Contracts;

/// <summary>
/// Every transition of a report's lifecycle over storage, with its version: each allowed one is
/// accepted with the current ETag, answers a new one and appends its event; a stale ETag is 412, a
/// missing one 428, a refused transition 409 with what is allowed; and each resolution closes the
/// report with what it links. Written once and bound to each engine.
/// </summary>
public abstract class LifecycleContract : WorkflowContract
{
    private const string Events = "SELECT COUNT(*) FROM report_events WHERE report_id = @Id";
    private const string Version = "SELECT version FROM reports WHERE id = @Id";

    [Fact]
    public async Task Every_transition_is_accepted_with_the_current_etag_answers_a_new_one_and_appends_its_event()
    {
        var factory = await StartAsync();
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1, ReportBodies.Contact("livscykel@eksjo.example")));
        var seen = new List<string> { await Workflow.ETagAsync(id) };
        Assert.Equal("\"1\"", seen[0]);

        // After each change: a version not seen before, and the one it replaced is refused with the current one named.
        async Task ChangedAsync()
        {
            var stale = seen[^1];
            var current = await Workflow.ETagAsync(id);
            Assert.DoesNotContain(current, seen);
            Assert.Equal($"\"{await factory.ScalarAsync<int>(Version, new { Id = id })}\"", current);
            seen.Add(current);
            var events = await factory.ScalarAsync<int>(Events, new { Id = id });

            var refused = await Workflow.ActAsync(id, "closure", new { resolution = "not-actionable", reason = "Med en gammal version." }, ifMatch: stale);

            var problem = await Problems.AssertProblemAsync(refused, HttpStatusCode.PreconditionFailed);
            Assert.Equal(current, (string)problem["currentETag"]!);
            Assert.Equal(current, await Workflow.ETagAsync(id));
            Assert.Equal(events, await factory.ScalarAsync<int>(Events, new { Id = id }));
        }

        async Task StepAsync(string step, object body, string status)
        {
            Assert.Equal(status, (string)(await Workflow.StepAsync(id, step, body))["status"]!);
            await ChangedAsync();
        }

        await StepAsync("triage", new { reason = "Första bedömning." }, "in-triage");
        await StepAsync("information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" }, "needs-info");
        var reply = await Workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{token}/messages", new { text = "Enheten i centrum." });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("in-triage", (string)(await reply.ReadJsonAsync())["status"]!);
        await ChangedAsync();
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await ChangedAsync();
        Assert.Equal("answered", (string)(await Workflow.AnswerAsync(Workflow.ResponderFk, id))["reportStatus"]!);
        await ChangedAsync();
        await StepAsync("publication", new { reason = "Lärdom för fler.", summary = "En överlämning mellan parterna saknades." }, "answered");
        await StepAsync("closure", new { resolution = "answered", reason = "Svaret räcker." }, "closed");
        await StepAsync("reopening", new { reason = "Problemet kom tillbaka." }, "in-triage");
        Assert.Null((await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["resolution"]);
        await StepAsync("closure", new { resolution = "resolved-locally", reason = "Löst direkt med enhetschefen." }, "closed");

        var history = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
        Assert.Equal(
            [
                ("submitted", null, "received", null),
                ("triaged", "received", "in-triage", "Första bedömning."),
                ("information-requested", "in-triage", "needs-info", "Underlag saknas."),
                ("clarified", "needs-info", "in-triage", "The reporter answered the question."),
                ("referred", "in-triage", "referred", "Försäkringskassan är ansvarig part."),
                ("answered", "referred", "answered", "Every referral has been answered."),
                ("closed", "answered", "closed", "Svaret räcker."),
                ("reopened", "closed", "in-triage", "Problemet kom tillbaka."),
                ("closed", "in-triage", "closed", "Löst direkt med enhetschefen."),
            ],
            history.Where(e => e!["to"] is not null).Select(e => ((string)e!["type"]!, (string?)e["from"], (string)e["to"]!, (string?)e["reason"])));
        // Within a state (no from and to): the party's answer and the publication.
        Assert.Contains(history, e => (string)e!["type"]! == "referral-answered");
        Assert.Contains(history, e => (string)e!["type"]! == "published" && (string?)e["reason"] == "Lärdom för fler.");
        Assert.Equal(DemoSeed.TriagerEmail, (string)history.Last()!["actor"]!);
        Assert.Equal(seen.Count, await factory.ScalarAsync<int>(Version, new { Id = id }));
        Assert.Equal("resolved-locally", await factory.ScalarAsync<string>("SELECT resolution FROM reports WHERE id = @Id", new { Id = id }));
    }

    [Theory]
    [InlineData("triage")]
    [InlineData("information-requests")]
    [InlineData("referrals")]
    [InlineData("closure")]
    [InlineData("reopening")]
    [InlineData("publication")]
    public async Task A_state_change_without_if_match_is_428_and_changes_nothing(string step)
    {
        var factory = await StartAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        var events = await factory.ScalarAsync<int>(Events, new { Id = id });

        var response = await Workflow.Triager.PostAsJsonAsync($"/api/v1/reports/{id}/{step}", await BodyAsync(step));

        await Problems.AssertProblemAsync(response, (HttpStatusCode)428);
        Assert.Equal("\"1\"", await Workflow.ETagAsync(id));
        Assert.Equal(events, await factory.ScalarAsync<int>(Events, new { Id = id }));
    }

    [Fact]
    public async Task A_stale_if_match_is_412_with_the_current_etag()
    {
        await StartAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        var stale = await Workflow.ETagAsync(id);
        await Workflow.StepAsync(id, "triage", new { reason = "Någon annan hann före." });

        var response = await Workflow.ActAsync(id, "closure", new { resolution = "not-actionable", reason = "För sent." }, ifMatch: stale);

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal("\"2\"", (string)problem["currentETag"]!);
        Assert.Equal("in-triage", (string)(await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["status"]!);
    }

    /// <summary>The state reached by the steps before, the step refused there, and what the refusal names as allowed.</summary>
    [Theory]
    [InlineData("", "reopening", "received", "triage close add-note")]
    [InlineData("", "referrals", "received", "triage close add-note")]
    [InlineData("", "publication", "received", "triage close add-note")]
    [InlineData("", "information-requests", "received", "triage close add-note")]
    [InlineData("triage", "triage", "in-triage", "request-information refer close add-note")]
    [InlineData("triage", "reopening", "in-triage", "request-information refer close add-note")]
    [InlineData("triage information-requests", "referrals", "needs-info", "withdraw-question clarify close add-note")]
    [InlineData("triage information-requests", "closure", "needs-info", "withdraw-question clarify close add-note")]   // before the silence
    [InlineData("triage referrals", "reopening", "referred", "refer withdraw-referral receive-all-answers return-to-group close add-note")]
    [InlineData("triage referrals", "publication", "referred", "refer withdraw-referral receive-all-answers return-to-group close add-note")]
    [InlineData("triage closure", "triage", "closed", "reopen publish add-note")]
    [InlineData("triage closure", "referrals", "closed", "reopen publish add-note")]
    [InlineData("triage closure", "closure", "closed", "reopen publish add-note")]
    public async Task A_transition_the_state_does_not_allow_is_409_naming_the_allowed_ones_and_changes_nothing(
        string before, string step, string status, string allowed)
    {
        var factory = await StartAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        foreach (var earlier in before.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            await Workflow.StepAsync(id, earlier, await BodyAsync(earlier));
        var version = await Workflow.ETagAsync(id);
        var events = await factory.ScalarAsync<int>(Events, new { Id = id });

        var response = await Workflow.ActAsync(id, step, await BodyAsync(step));

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(status, (string)problem["reportStatus"]!);
        Assert.Equal(allowed.Split(' '), problem["allowedTransitions"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(version, await Workflow.ETagAsync(id));
        Assert.Equal(events, await factory.ScalarAsync<int>(Events, new { Id = id }));
    }

    [Fact]
    public async Task Closing_before_any_answer_as_answered_is_409()
    {
        await StartAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });

        var response = await Workflow.ActAsync(id, "closure", new { resolution = "answered", reason = "Inget svar finns." });

        await Problems.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("\"2\"", await Workflow.ETagAsync(id));
    }

    [Theory]
    [InlineData("answered")]
    [InlineData("resolved-locally")]
    [InlineData("structural-follow-up")]
    [InlineData("not-actionable")]
    [InlineData("out-of-scope")]
    [InlineData("duplicate")]
    [InlineData("forwarded")]
    public async Task Each_resolution_closes_the_report_stores_what_it_links_and_tells_the_reporter_once(string resolution)
    {
        var factory = await StartAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3, ReportBodies.Contact("avslut@nassjo.example")));
        var (other, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        if (resolution is "answered" or "structural-follow-up")
        {
            await Workflow.ReferAsync(id, "Försäkringskassan");
            await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        }

        Guid? followUpId = null;
        if (resolution == "structural-follow-up")
        {
            var ownerGroupId = await factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = 'Beredningsgruppen Höglandet'");
            var created = await Workflow.Triager.PostAsJsonAsync("/api/v1/follow-ups", new { associationCode = "hoglandet", title = "Överlämningar", ownerGroupId, reportIds = new[] { other } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            followUpId = (Guid)(await created.ReadJsonAsync())["id"]!;
        }

        var before = await Workflow.ETagAsync(id);
        var closed = await Workflow.StepAsync(id, "closure", new
        {
            resolution,
            reason = "Avslutad.",
            messageToReporter = "Tack för din rapport.",
            duplicateOfReportId = resolution == "duplicate" ? other : (Guid?)null,
            forwardToAssociationCode = resolution == "forwarded" ? DemoSeed.NeighbourCode : null,
            followUpId,
        });

        Assert.Equal(("closed", resolution), ((string)closed["status"]!, (string)closed["resolution"]!));
        Assert.NotEqual(before, await Workflow.ETagAsync(id));
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reports WHERE id = @Id AND status = 'closed' AND resolution = @Resolution AND closed_at IS NOT NULL",
            new { Id = id, Resolution = resolution }));
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM report_events WHERE report_id = @Id AND event_type = 'closed' AND to_status = 'closed'", new { Id = id }));
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND kind = 'closure' AND recipient = 'reporter'", new { Id = id }));
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM report_messages WHERE report_id = @Id AND kind = 'closure'", new { Id = id }));

        switch (resolution)
        {
            case "duplicate":
                Assert.Equal(other, await factory.ScalarAsync<Guid>("SELECT duplicate_of_report_id FROM reports WHERE id = @Id", new { Id = id }));
                Assert.Equal(1, await factory.ScalarAsync<int>(
                    "SELECT COUNT(*) FROM report_events WHERE report_id = @Id AND event_type = 'duplicate-linked'", new { Id = other }));
                break;
            case "forwarded":
                var copy = await factory.ScalarAsync<Guid>("SELECT forwarded_to_report_id FROM reports WHERE id = @Id", new { Id = id });
                Assert.Equal(id, await factory.ScalarAsync<Guid>("SELECT forwarded_from_report_id FROM reports WHERE id = @Id", new { Id = copy }));
                Assert.Equal(DemoSeed.NeighbourCode, await factory.ScalarAsync<string>(
                    "SELECT a.code FROM reports r JOIN associations a ON a.id = r.association_id WHERE r.id = @Id", new { Id = copy }));
                break;
            case "structural-follow-up":
                Assert.Equal(1, await factory.ScalarAsync<int>(
                    "SELECT COUNT(*) FROM follow_up_reports WHERE follow_up_id = @FollowUpId AND report_id = @Id", new { FollowUpId = followUpId, Id = id }));
                break;
            default:
                Assert.Equal(0, await factory.ScalarAsync<int>(
                    "SELECT COUNT(*) FROM reports WHERE id = @Id AND (duplicate_of_report_id IS NOT NULL OR forwarded_to_report_id IS NOT NULL)", new { Id = id }));
                break;
        }
    }

    private async Task<object> BodyAsync(string step) => step switch
    {
        "triage" => new { reason = "Bedömd." },
        "information-requests" => new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" },
        "referrals" => new { reason = "Ansvarig part.", question = "Hur kunde det hända?", partyId = await Workflow.PartyIdAsync("Försäkringskassan") },
        "closure" => new { resolution = "not-actionable", reason = "Inget att göra." },
        "reopening" => new { reason = "Ingen anledning." },
        "publication" => new { reason = "För tidigt.", summary = "Sammanfattning." },
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };
}
