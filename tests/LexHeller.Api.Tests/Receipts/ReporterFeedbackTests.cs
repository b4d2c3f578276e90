using System.Text.RegularExpressions;

namespace LexHeller.Api.Tests.Receipts;

/// <summary>
/// "Ledde svaret till en förbättring?": the reporter answers on a closed report's receipt, once per closure; "no" is a
/// contest the steering group is told of and can reopen on; the closure mail asks the same; the answers feed a statistic.
/// </summary>
public sealed class ReporterFeedbackTests : WorkflowTests
{
    private const string Email = "rapportor.feedback@eksjo.example";

    [Fact]
    public async Task Feedback_is_refused_while_the_report_is_not_closed()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });

        var response = await FeedbackAsync(token, new { helped = "yes" });

        await Problems.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.False((bool)(await Workflow.ReceiptAsync(token))["feedbackAsked"]!);
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM reporter_feedback WHERE report_id = @Id", new { Id = id }));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("")]
    [InlineData(null)]
    public async Task An_answer_that_is_not_yes_partly_no_or_unknown_is_refused(string? helped)
    {
        var (id, token) = await ClosedAsync();

        var response = await FeedbackAsync(token, new { helped, comment = "Bra." });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM reporter_feedback WHERE report_id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task A_personal_number_in_the_comment_is_refused_and_nothing_is_stored()
    {
        var (id, token) = await ClosedAsync();

        var response = await FeedbackAsync(token, new { helped = "no", comment = "Personen 811218-9876 fick ingen hjälp." });

        await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM reporter_feedback WHERE report_id = @Id", new { Id = id }));
        Assert.Equal(0, await OutboxAsync(id, "group-contest"));
    }

    [Fact]
    public async Task An_answer_is_given_once_per_closure_and_a_report_closed_again_asks_again()
    {
        var (id, token) = await ClosedAsync();
        Assert.True((bool)(await Workflow.ReceiptAsync(token))["feedbackAsked"]!);

        var first = await FeedbackAsync(token, new { helped = "partly", comment = "Rutinen är bättre men inte klar." });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var receipt = await Workflow.ReceiptAsync(token);
        Assert.False((bool)receipt["feedbackAsked"]!);
        Assert.Equal(("partly", "Rutinen är bättre men inte klar."), ((string)receipt["feedback"]!["helped"]!, (string)receipt["feedback"]!["comment"]!));

        // Not changed afterwards.
        await Problems.AssertProblemAsync(await FeedbackAsync(token, new { helped = "yes" }), HttpStatusCode.Conflict);
        Assert.Equal("partly", await Factory.ScalarAsync<string>("SELECT helped FROM reporter_feedback WHERE report_id = @Id", new { Id = id }));

        // Reopened: nothing is asked; closed again: asked again, and the new answer is the one shown.
        await Workflow.StepAsync(id, "reopening", new { reason = "Ny information." });
        Assert.False((bool)(await Workflow.ReceiptAsync(token))["feedbackAsked"]!);
        Factory.Clock.Advance(TimeSpan.FromDays(1));
        await Workflow.StepAsync(id, "closure", new { resolution = "resolved-locally", reason = "Löst." });
        Assert.True((bool)(await Workflow.ReceiptAsync(token))["feedbackAsked"]!);
        Assert.Equal(HttpStatusCode.OK, (await FeedbackAsync(token, new { helped = "yes" })).StatusCode);
        Assert.Equal("yes", (string)(await Workflow.ReceiptAsync(token))["feedback"]!["helped"]!);
        Assert.Equal(2, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM reporter_feedback WHERE report_id = @Id", new { Id = id }));
        var history = await HistoryAsync(id);
        Assert.Equal(2, history.Count(type => type == "reporter-feedback"));
    }

    [Fact]
    public async Task No_contests_the_outcome_the_group_is_told_and_the_report_page_shows_it_beside_reopening()
    {
        var (id, token) = await ClosedAsync();

        var response = await FeedbackAsync(token, new { helped = "no", comment = "Inget har ändrats på kontoret." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)(await response.ReadJsonAsync())["contested"]!);
        var told = await Factory.QueryAsync<string>(
            "SELECT recipient FROM outbox_messages WHERE report_id = @Id AND kind = 'group-contest'", new { Id = id });
        Assert.Contains(DemoSeed.TriagerEmail, told);
        var body = await Factory.ScalarAsync<string>(
            "SELECT body FROM outbox_messages WHERE report_id = @Id AND kind = 'group-contest' AND recipient = @Recipient",
            new { Id = id, Recipient = DemoSeed.TriagerEmail });
        Assert.Contains("inte ledde till en förbättring", body, StringComparison.Ordinal);
        Assert.Contains("Inget har ändrats på kontoret.", body, StringComparison.Ordinal);
        Assert.Contains("reporter-contested", await HistoryAsync(id));

        var triager = Factory.CreatePageClient();
        await triager.SignInAsync(DemoSeed.TriagerEmail);
        var page = await triager.GetPageAsync($"/triage/avvikelse/{id}");
        var contest = page.IndexOf("id=\"reporter-contest\"", StringComparison.Ordinal);
        var reopen = page.IndexOf("id=\"action-reopen\"", StringComparison.Ordinal);
        Assert.True(contest > 0 && reopen > contest, "The contest stands just before the reopen action.");
        Assert.Contains("Inget har ändrats på kontoret.", page[contest..reopen], StringComparison.Ordinal);

        // The group reopens on it.
        await Workflow.StepAsync(id, "reopening", new { reason = "Rapportören bestrider utfallet." });
        Assert.Equal("in-triage", (string)(await Workflow.ReceiptAsync(token))["status"]!);
    }

    [Fact]
    public async Task The_closure_mail_asks_whether_the_answer_led_to_an_improvement()
    {
        var (id, _) = await ClosedAsync(withEmail: true);

        var body = await Factory.ScalarAsync<string>("SELECT body FROM outbox_messages WHERE report_id = @Id AND kind = 'closure'", new { Id = id });

        Assert.Contains("Ledde svaret till en förbättring?", body, StringComparison.Ordinal);
        Assert.Contains("ja, delvis, nej eller vet inte", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_receipt_page_asks_and_takes_the_answer_and_then_shows_it()
    {
        var (_, token) = await ClosedAsync();
        var pages = Factory.CreatePageClient();
        var path = $"/kvitto/{token}";
        Assert.Contains("Ledde svaret till en förbättring?", await pages.GetPageAsync(path), StringComparison.Ordinal);

        using var refused = await pages.PostFormAsync(path, [new("Comment", "Inget val gjort.")], $"{path}?handler=Feedback");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(["Välj ja, delvis, nej eller vet inte."], PageForms.ErrorSummary(await refused.Content.ReadAsStringAsync()));

        using var sent = await pages.PostFormAsync(path, [new("Helped", "unknown"), new("Comment", "")], $"{path}?handler=Feedback");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var page = await pages.GetPageAsync(path);
        Assert.Contains("Du svarade <strong>vet inte</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Helped\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_statistic_counts_the_answers_per_category_and_party_and_withholds_small_counts()
    {
        var closed = new List<(Guid Id, string Token)>();
        for (var i = 0; i < 6; i++)
            closed.Add(await ClosedAsync(referTo: "Försäkringskassan"));
        var tokens = closed.Select(report => report.Token).ToList();
        var category = await Factory.ScalarAsync<string>("SELECT COALESCE(category, suggested_category) FROM reports WHERE id = @Id", new { closed[0].Id });
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await FeedbackAsync(tokens[i], new { helped = "yes" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FeedbackAsync(tokens[3], new { helped = "no" })).StatusCode);

        // 3 yes, 1 no, 2 not answered: the 1 and the 2 are small, each the other's complement; the share is withheld.
        var line = await LineAsync("categories", category);
        Assert.Equal(6, (int)line["closed"]!["value"]!);
        Assert.True((bool)line["no"]!["suppressed"]! && (bool)line["notAnswered"]!["suppressed"]!);
        Assert.Null(line["no"]!["value"]);
        Assert.Null(line["shareHelped"]);
        Assert.True((bool)line["suppressed"]!);

        // 3 yes, 3 no: all shown; the share helped is (yes + partly) / (yes + partly + no).
        Assert.Equal(HttpStatusCode.OK, (await FeedbackAsync(tokens[4], new { helped = "no" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FeedbackAsync(tokens[5], new { helped = "no" })).StatusCode);
        foreach (var (lines, key) in new[] { ("categories", category), ("parties", (await Workflow.PartyIdAsync("Försäkringskassan")).ToString()) })
        {
            line = await LineAsync(lines, key);
            Assert.Equal((6, 3, 3, 0), ((int)line["closed"]!["value"]!, (int)line["yes"]!["value"]!, (int)line["no"]!["value"]!, (int)line["notAnswered"]!["value"]!));
            Assert.Equal(0.5, (double)line["shareHelped"]!);
            Assert.False((bool)line["suppressed"]!);
        }

        // The statistics page shows the same line.
        var analyst = Factory.CreatePageClient();
        await analyst.SignInAsync(DemoSeed.AnalystEmail);
        var page = await analyst.GetPageAsync("/statistik");
        Assert.Matches(new Regex("id=\"reporter-feedback-parties\".*Försäkringskassan</th>\\s*<td[^>]*class=\"number\">6</td>.*?50(\\s|&#xA0;|&nbsp;)?%", RegexOptions.Singleline), page);
    }

    private async Task<JsonNode> LineAsync(string lines, string key)
    {
        var statistics = (await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/statistics/reporter-feedback"))!;
        return statistics[lines]!.AsArray().Single(line => (string)line!["key"]! == key)!;
    }

    private async Task<(Guid Id, string Token)> ClosedAsync(bool withEmail = false, string? referTo = null)
    {
        var body = withEmail ? ReportBodies.FromFixture(ReferenceData, 5, ReportBodies.Contact(Email)) : ReportBodies.FromFixture(ReferenceData, 5);
        body["eventDate"] = "2026-11-02";   // within the statistics' default twelve months
        var (id, token, _) = await Workflow.FileAsync(body);
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        if (referTo is null)
        {
            await Workflow.StepAsync(id, "closure", new { resolution = "resolved-locally", reason = "Löst direkt med chefen." });
        }
        else
        {
            await Workflow.ReferAsync(id, referTo);
            await Workflow.AnswerAsync(Workflow.ResponderFk, id);
            await Workflow.StepAsync(id, "closure", new { resolution = "answered", reason = "Svaret räcker." });
        }

        return (id, token);
    }

    private Task<HttpResponseMessage> FeedbackAsync(string token, object body) =>
        Workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{token}/feedback", body);

    private Task<int> OutboxAsync(Guid id, string kind) =>
        Factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND kind = @Kind", new { Id = id, Kind = kind });

    private async Task<IReadOnlyList<string>> HistoryAsync(Guid id) =>
        [.. (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray().Select(entry => (string)entry!["type"]!)];
}
