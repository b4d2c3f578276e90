using System.Text.RegularExpressions;

namespace LexHeller.Api.Tests.Receipts;

/// <summary>The receipt tells the outcome first: status, the group's decision and what happens next; each answer and each step names its party.</summary>
public sealed class ReceiptOutcomeTests : WorkflowTests
{
    [Fact]
    public async Task While_one_of_two_parties_has_answered_the_receipt_names_both_in_the_timeline_and_the_one_still_awaited()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.ReferAsync(id, "Arbetsförmedlingen");
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);

        var receipt = await Workflow.ReceiptAsync(token);

        Assert.Equal("referred", (string)receipt["status"]!);
        Assert.Null(receipt["decision"]);
        Assert.Equal(["Arbetsförmedlingen"], receipt["awaitingAnswerFrom"]!.AsArray().Select(party => (string)party!));
        Assert.Equal("Försäkringskassan", (string)receipt["answers"]![0]!["party"]!);
        var steps = receipt["timeline"]!.AsArray().Select(entry => ((string)entry!["event"]!, (string?)entry["party"], (string)entry["status"]!)).ToList();
        Assert.Equal(
            [("submitted", null, "received"), ("triaged", null, "in-triage"), ("referred", "Försäkringskassan", "referred"),
             ("referred", "Arbetsförmedlingen", "referred"), ("referral-answered", "Försäkringskassan", "referred")],
            steps);

        var page = await ReceiptPageAsync(token);
        Assert.Contains("Skickad till Försäkringskassan för svar", page, StringComparison.Ordinal);
        Assert.Contains("Skickad till Arbetsförmedlingen för svar", page, StringComparison.Ordinal);
        Assert.Contains("Försäkringskassan svarade", page, StringComparison.Ordinal);
        Assert.Contains("Vi väntar på svar från Arbetsförmedlingen.", Text(page, "receipt-next"), StringComparison.Ordinal);
        Assert.DoesNotContain("Skickad till berörd part för svar</li>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_report_s_receipt_opens_with_the_status_the_decision_in_plain_Swedish_and_what_happens_next()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.AnswerAsync(Workflow.ResponderFk, id);
        Factory.Clock.Advance(TimeSpan.FromDays(3));
        await Workflow.StepAsync(id, "closure", new
        {
            resolution = "answered",
            reason = "Svaret är tillräckligt.",
            messageToReporter = "Rutinen har setts över och gäller från januari.",
        });

        var receipt = await Workflow.ReceiptAsync(token);

        Assert.Equal("closed", (string)receipt["status"]!);
        var decision = receipt["decision"]!;
        Assert.Equal("answered", (string)decision["resolution"]!);
        Assert.Equal("Rutinen har setts över och gäller från januari.", (string)decision["message"]!);
        Assert.Equal(Factory.Clock.GetUtcNow(), (DateTimeOffset)decision["closedAt"]!);
        Assert.Empty(receipt["awaitingAnswerFrom"]!.AsArray());
        Assert.Equal(("closed", "closed"), ((string)receipt["timeline"]!.AsArray()[^1]!["event"]!, (string)receipt["timeline"]!.AsArray()[^1]!["status"]!));

        var page = await ReceiptPageAsync(token);
        Assert.Equal("Avslutad", Text(page, "receipt-status"));
        Assert.StartsWith("Parterna har förklarat vad som hände", Text(page, "receipt-decision"), StringComparison.Ordinal);
        Assert.Equal("Rutinen har setts över och gäller från januari.", Text(page, "receipt-decision-message"));
        Assert.StartsWith("Inget mer händer med avvikelsen", Text(page, "receipt-next"), StringComparison.Ordinal);
        // The outcome comes first: before the answers, the timeline and the questions and answers.
        var outcome = page.IndexOf("id=\"outcome\"", StringComparison.Ordinal);
        Assert.True(outcome > 0);
        Assert.True(outcome < page.IndexOf("<h2>Parternas svar</h2>", StringComparison.Ordinal));
        Assert.True(outcome < page.IndexOf("<h2>Vad har hänt?</h2>", StringComparison.Ordinal));
        Assert.Contains("<h3>Svar från Försäkringskassan</h3>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_waiting_for_the_reporter_tells_them_what_to_do_next()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" });

        var page = await ReceiptPageAsync(token);

        Assert.StartsWith("Svara på styrgruppens fråga", Text(page, "receipt-next"), StringComparison.Ordinal);
        Assert.Contains("Styrgruppen ställde en fråga till dig", page, StringComparison.Ordinal);
    }

    private Task<string> ReceiptPageAsync(string token) => Factory.CreatePageClient().GetPageAsync($"/kvitto/{token}");

    private static string Text(string page, string id)
    {
        var match = Regex.Match(page, $"<(\\w+)[^>]*id=\"{id}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        Assert.True(match.Success, $"No element #{id} on the page.");
        return WebUtility.HtmlDecode(Regex.Replace(match.Groups[2].Value, "<[^>]+>", "")).Trim();
    }
}
