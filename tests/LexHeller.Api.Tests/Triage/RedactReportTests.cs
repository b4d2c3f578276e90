namespace LexHeller.Api.Tests.Triage;

/// <summary>A triager takes words out of every free text of a report (docs/domain.md, "Redaction").</summary>
public sealed class RedactReportTests : WorkflowTests
{
    /// <summary>ASCII on purpose: JSON keeps it as written, so a copy left in any event's data would be found.</summary>
    private const string Words = "Kalle Ankeborg";

    private const string Why = "Namnet pekar ut en enskild person.";

    [Fact]
    public async Task Redacted_words_are_gone_from_every_table_every_response_and_the_history_which_says_who_redacted_and_why()
    {
        var (id, token, referral) = await FileWithWordsEverywhereAsync();
        Assert.NotEmpty(await TablesHoldingAsync(Words));
        Assert.Equal(1, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM idempotency_records WHERE report_id = @Id", new { Id = id }));

        // Any case: "kalle ankeborg" takes out "Kalle Ankeborg".
        var state = await Workflow.StepAsync(id, "redactions", new { text = "kalle ankeborg", reason = Why });

        Assert.Equal("closed", (string)state["status"]!);
        Assert.Empty(await TablesHoldingAsync("Ankeborg"));
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM idempotency_records WHERE report_id = @Id", new { Id = id }));

        var report = await (await Workflow.Triager.GetAsync($"/api/v1/reports/{id}")).Content.ReadAsStringAsync();
        var history = await (await Workflow.Triager.GetAsync($"/api/v1/reports/{id}/history")).Content.ReadAsStringAsync();
        var receipt = await (await Workflow.Anonymous.GetAsync($"/api/v1/receipts/{token}")).Content.ReadAsStringAsync();
        var answered = await (await Workflow.ResponderFk.GetAsync($"/api/v1/referrals/{referral}")).Content.ReadAsStringAsync();
        var pages = Factory.CreatePageClient();
        await pages.SignInAsync(DemoSeed.TriagerEmail);
        var page = await pages.GetPageAsync($"/triage/avvikelse/{id}");
        foreach (var (what, body) in new[] { ("report", report), ("history", history), ("receipt", receipt), ("referral", answered), ("page", page) })
            Assert.False(body.Contains("Ankeborg", StringComparison.OrdinalIgnoreCase), $"The {what} still holds the words.");
        Assert.Contains("Personen [borttaget] stod utan planering", report, StringComparison.Ordinal);
        Assert.Contains("[borttaget]", receipt, StringComparison.Ordinal);

        var redacted = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray()
            .Single(e => (string)e!["type"]! == "redacted")!;
        Assert.Equal(DemoSeed.TriagerEmail, (string)redacted["actor"]!);
        Assert.Equal(Why, (string)redacted["reason"]!);
    }

    [Fact]
    public async Task Mail_queued_about_the_report_is_redacted_before_it_is_sent()
    {
        var (id, _, _) = await Workflow.FileAsync(WithWords(ReportBodies.FromFixture(ReferenceData, 0, ReportBodies.Contact())));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "information-requests", new { reason = "Vi behöver veta mer.", question = $"Var {Words} med på mötet?" });
        Assert.Equal(1, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND body LIKE '%Ankeborg%'", new { Id = id }));

        await Workflow.StepAsync(id, "redactions", new { text = Words, reason = Why });

        var bodies = await Factory.QueryAsync<string>("SELECT body FROM outbox_messages WHERE report_id = @Id AND kind = 'information-request'", new { Id = id });
        Assert.Contains("Var [borttaget] med på mötet?", Assert.Single(bodies), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_pages_form_redacts_the_words_and_a_refusal_is_shown_in_Swedish_next_to_the_field()
    {
        var (id, _, _) = await Workflow.FileAsync(WithWords(ReportBodies.FromFixture(ReferenceData, 0)));
        var pages = Factory.CreatePageClient();
        await pages.SignInAsync(DemoSeed.TriagerEmail);
        var path = $"/triage/avvikelse/{id}";
        var version = (await Workflow.ETagAsync(id)).Trim('"');

        using var refused = await pages.PostFormAsync(path,
            [new("Version", version), new("Redact.Text", "Musse Pigg"), new("Redact.Reason", Why)], $"{path}?handler=redact");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Orden hittades inte i avvikelsens texter.", PageForms.ErrorSummary(await refused.Content.ReadAsStringAsync()).Single(),
            StringComparison.Ordinal);

        using var done = await pages.PostFormAsync(path,
            [new("Version", version), new("Redact.Text", Words), new("Redact.Reason", Why)], $"{path}?handler=redact");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var page = await pages.GetPageAsync(path);
        Assert.Contains("Texten är borttagen överallt i avvikelsen.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Ankeborg", page, StringComparison.Ordinal);
        Assert.Contains("Text togs bort ur avvikelsen", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reason_that_repeats_the_words_is_refused_with_400_and_nothing_changes()
    {
        var (id, _, _) = await Workflow.FileAsync(WithWords(ReportBodies.FromFixture(ReferenceData, 0)));
        var etag = await Workflow.ETagAsync(id);

        var response = await Workflow.ActAsync(id, "redactions", new { text = Words, reason = $"{Words} ska inte stå med." });

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("reason"));
        Assert.Equal(etag, await Workflow.ETagAsync(id));
        Assert.NotEmpty(await TablesHoldingAsync(Words));
    }

    [Fact]
    public async Task Words_that_occur_nowhere_in_the_report_are_refused_with_400_and_nothing_is_recorded()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 0));

        var response = await Workflow.ActAsync(id, "redactions", new { text = Words, reason = Why });

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("text"));
        Assert.Equal(0, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM report_events WHERE report_id = @Id AND event_type = 'redacted'", new { Id = id }));
    }

    [Fact]
    public async Task The_history_cannot_be_rewritten_other_than_by_a_redaction()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 0));

        await Assert.ThrowsAnyAsync<Exception>(() => Factory.ExecuteAsync(
            "UPDATE report_events SET reason = 'Något annat.' WHERE report_id = @Id", new { Id = id }));
        await Assert.ThrowsAnyAsync<Exception>(() => Factory.ExecuteAsync(
            "UPDATE report_events SET actor = 'någon [borttaget]' WHERE report_id = @Id", new { Id = id }));
        await Assert.ThrowsAnyAsync<Exception>(() => Factory.ExecuteAsync("DELETE FROM report_events WHERE report_id = @Id", new { Id = id }));
        Assert.Equal(1, await Factory.ExecuteAsync(
            "UPDATE report_events SET data = '{\"channel\":\"[borttaget]\"}' WHERE report_id = @Id AND event_type = 'submitted'", new { Id = id }));
    }

    /// <summary>
    /// A closed report whose words stand in its texts, the triage reason, a question to the reporter and the reply, a referral's
    /// question and answer, a note, the publication, the closing message and the mail about them; filed with an Idempotency-Key.
    /// </summary>
    private async Task<(Guid Id, string Token, string ReferralId)> FileWithWordsEverywhereAsync()
    {
        var response = await Workflow.Reporter.PostReportAsync(WithWords(ReportBodies.FromFixture(ReferenceData, 0, ReportBodies.Contact())), "nyckel-ankeborg");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        var (id, token) = ((Guid)created["id"]!, (string)created["receiptToken"]!);
        var reference = (string)created["reference"]!;

        await Workflow.StepAsync(id, "triage", new { reason = $"Gäller {Words}." });
        await Workflow.StepAsync(id, "information-requests", new { reason = "Vi behöver veta mer.", question = $"Var {Words} med på mötet?" });
        Assert.Equal(HttpStatusCode.OK, (await Workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{token}/messages",
            new { text = $"Ja, {Words} var med." })).StatusCode);
        var partyId = await Workflow.PartyIdAsync("Försäkringskassan");
        await Workflow.StepAsync(id, "referrals", new { partyId, question = $"Hur handlade ni ärendet för {Words}?", reason = "FK är ansvarig part." });
        var referrals = await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=open");
        var referral = referrals!["referrals"]!.AsArray().Single(r => (string)r!["reference"]! == reference)!;
        Assert.Equal(HttpStatusCode.OK, (await Workflow.ResponderFk.PostAsJsonAsync($"/api/v1/referrals/{referral["id"]}/answer", new
        {
            cause = $"Handläggaren för {Words} kände inte till rutinen.",
            actions = "Rutinen har gåtts igenom.",
            followUpPlan = "Uppföljning på nästa möte.",
            responderName = "Eva Enhetschef",
            responderRole = "Enhetschef",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Workflow.Triager.PostAsJsonAsync($"/api/v1/reports/{id}/notes",
            new { text = $"Ringde {Words}." })).StatusCode);
        await Workflow.StepAsync(id, "publication", new { summary = $"Rutinen ändrades efter fallet med {Words}.", reason = "Lärdom för fler." });
        await Workflow.StepAsync(id, "closure", new { resolution = "answered", messageToReporter = $"Tack, {Words} har fått besked.", reason = $"Klart för {Words}." });
        return (id, token, (string)referral["id"]!);
    }

    private static JsonObject WithWords(JsonObject body)
    {
        body["description"] = $"{Words} fick fel besked. " + (string)body["description"]!;
        body["consequence"] = ((string)body["consequence"]!).Replace("Personen ", $"Personen {Words} ", StringComparison.Ordinal);
        body["actionsTaken"] = $"Ringde {Words}.";
        body["suggestedImprovement"] = $"Fråga {Words} vad som behövs.";
        return body;
    }

    /// <summary>Every table and column of the SQLite file that holds <paramref name="text"/> (any case), as "table.column".</summary>
    private async Task<IReadOnlyList<string>> TablesHoldingAsync(string text)
    {
        var found = new List<string>();
        var tables = await Factory.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        foreach (var table in tables)
        {
            var columns = await Factory.QueryAsync<string>($"SELECT name FROM pragma_table_xinfo('{table}')");
            foreach (var column in columns)
            {
                if (await Factory.ScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\" WHERE instr(lower(CAST(\"{column}\" AS TEXT)), lower(@Text)) > 0",
                        new { Text = text }) > 0)
                    found.Add($"{table}.{column}");
            }
        }

        Assert.True(tables.Count > 30, $"Only {tables.Count} tables were read.");
        return found;
    }
}
