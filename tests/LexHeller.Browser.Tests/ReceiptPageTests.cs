using System.Text.Json;

namespace LexHeller.Browser.Tests;

/// <summary>
/// The receipt page in Chromium at a phone's width (375 px): the outcome first, no label running into its value,
/// no sideways scrolling; and the reporter answering "Ledde svaret till en förbättring?" and withdrawing their contact.
/// </summary>
public sealed class ReceiptPageTests(BrowserFixture browser) : BrowserTests(browser)
{
    private const int PhoneWidth = 375;

    [Fact]
    public async Task At_375_px_no_label_of_the_receipt_overlaps_its_value_and_the_page_does_not_scroll_sideways()
    {
        var (_, token) = await ClosedReportAsync();
        await using var reporter = await NewSessionAsync();
        var page = reporter.Page;
        await page.SetViewportSizeAsync(PhoneWidth, 800);

        await page.GotoAsync($"/kvitto/{token}");

        await Expect(page.Locator("#receipt-status")).ToHaveTextAsync("Avslutad");
        var pairs = await page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('main dl dt')].map(dt => {
                const dd = dt.nextElementSibling;
                const a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
                const overlap = Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
                              * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
                return { label: dt.textContent.trim(), overlap, labelWidth: dt.scrollWidth, labelBox: a.width };
            })
            """);
        Assert.True(pairs.GetArrayLength() >= 7, $"Only {pairs.GetArrayLength()} labels on the receipt.");
        foreach (var pair in pairs.EnumerateArray())
        {
            var label = pair.GetProperty("label").GetString();
            Assert.True(pair.GetProperty("overlap").GetDouble() == 0, $"The label '{label}' overlaps its value.");
            Assert.True(pair.GetProperty("labelWidth").GetDouble() <= Math.Ceiling(pair.GetProperty("labelBox").GetDouble()), $"The label '{label}' overflows its box.");
        }

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "The receipt scrolls sideways at 375 px.");
        // The outcome comes before the answers and the timeline.
        Assert.True(await page.EvaluateAsync<bool>(
            "() => document.querySelector('#outcome').getBoundingClientRect().top < document.querySelector('#timeline').getBoundingClientRect().top"));
        await page.AuditAsync("kvitto-375");
    }

    [Fact]
    public async Task The_reporter_answers_no_with_a_comment_and_the_receipt_says_the_group_was_told()
    {
        var (_, token) = await ClosedReportAsync();
        await using var reporter = await NewSessionAsync();
        var page = reporter.Page;
        await page.SetViewportSizeAsync(PhoneWidth, 800);
        await page.GotoAsync($"/kvitto/{token}");
        var form = page.GetByRole(AriaRole.Group, new() { Name = "Ledde svaret till en förbättring?" });
        await page.AuditAsync("kvitto-fraga-forbattring");

        // Sent without a choice: a Swedish error that leads to the first choice.
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka svaret" }).ClickAsync();
        await Expect(page.Locator(".error-summary")).ToContainTextAsync("Välj ja, delvis, nej eller vet inte.");

        await form.GetByLabel("Nej", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Kommentar (frivillig)").FillAsync("Samma sak hände igen i december.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka svaret" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Styrgruppen har fått veta");
        await Expect(page.Locator("#feedback-given")).ToContainTextAsync("Du svarade nej");
        await Expect(page.GetByText("Samma sak hände igen i december.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Ledde svaret till en förbättring?" })).ToHaveCountAsync(0);
        await page.AuditAsync("kvitto-svarat-nej");
    }

    [Fact]
    public async Task The_reporter_withdraws_their_contact_details_from_the_receipt()
    {
        var (_, token) = await ClosedReportAsync(contact: true);
        await using var reporter = await NewSessionAsync();
        var page = reporter.Page;
        await page.GotoAsync($"/kvitto/{token}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Ta bort mina kontaktuppgifter" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Dina kontaktuppgifter är borttagna.");
        await Expect(page.Locator("#contact-none")).ToBeVisibleAsync();
        await page.AuditAsync("kvitto-kontakt-borttagen");
    }

    /// <summary>A report referred to Försäkringskassan, answered and closed with a word to the reporter, through the API.</summary>
    private async Task<(Guid Id, string Token)> ClosedReportAsync(bool contact = false)
    {
        Factory.StartKestrel();
        var workflow = new Workflow(Factory);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous);
        var body = contact ? ReportBodies.FromFixture(referenceData, 5, ReportBodies.Contact("rapportor@eksjo.example")) : ReportBodies.FromFixture(referenceData, 5);
        var (id, token, _) = await workflow.FileAsync(body);
        await workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await workflow.ReferAsync(id, "Försäkringskassan");
        await workflow.AnswerAsync(workflow.ResponderFk, id);
        await workflow.StepAsync(id, "closure", new
        {
            resolution = "answered",
            reason = "Svaret räcker.",
            messageToReporter = "Försäkringskassan har infört en checklista vid avslut av ärenden i samverkan.",
        });
        return (id, token);
    }
}
