using LexHeller.Domain.Privacy;

namespace LexHeller.Browser.Tests;

/// <summary>The report form's messages in a real browser: Swedish, next to their fields, with the text kept; personal numbers caught before submit and by the server.</summary>
public sealed class ReportFormTests(BrowserFixture browser) : BrowserTests(browser)
{
    private const string FormPath = "/anmalan?forbund=hoglandet";
    private const string PersonalNumberMessage = ReportFormMessages.PersonalNumber;

    [Fact]
    public async Task An_incomplete_form_shows_a_focused_error_summary_whose_links_lead_to_the_fields_and_keeps_the_text()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync(FormPath);
        await page.GetByLabel("Vad hände?", new() { Exact = true }).FillAsync("Ett första utkast om en överlämning som inte blev av.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka avvikelsen" }).ClickAsync();

        var summary = page.Locator(".error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.Locator("li")).ToHaveTextAsync([.. ReportFormMessages.ForAFormWithOnlyADescription]);
        await Expect(page.Locator("#Input_Consequence-error")).ToHaveTextAsync("Fel: Beskriv vad det fick för följder för personen.");
        await Expect(page.GetByLabel("Vad blev följden för personen?")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Vad hände?", new() { Exact = true })).ToHaveValueAsync("Ett första utkast om en överlämning som inte blev av.");
        await page.AuditAsync("felsammanfattning");

        await summary.GetByRole(AriaRole.Link, new() { Name = "Välj i vilket område det hände." }).ClickAsync();
        await Expect(page.GetByLabel("Område", new() { Exact = true })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task A_personal_number_is_caught_in_the_browser_before_anything_is_sent()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync(FormPath);
        await page.FillReportAsync(new Site.ReportInput(Consequence: Fixtures.PersonalNumbersToReject()[2]));
        var posts = 0;
        page.Request += (_, request) => posts += request.Method == "POST" ? 1 : 0;

        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka avvikelsen" }).ClickAsync();

        var summary = page.Locator(".error-summary");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary.Locator("li")).ToHaveTextAsync([$"Vad blev följden för personen?: {PersonalNumberMessage}"]);
        await Expect(page.Locator("#Input_Consequence-pn-error")).ToHaveTextAsync($"Fel: {PersonalNumberMessage}");
        await Expect(page.GetByLabel("Vad blev följden för personen?")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.AuditAsync("personnummer-i-webblasaren");
        Assert.Equal(0, posts);
        Assert.Equal(0, await Factory.ScalarAsync<long>("SELECT COUNT(*) FROM reports WHERE consequence = @Text", new { Text = Fixtures.PersonalNumbersToReject()[2] }));

        await page.GetByLabel("Vad blev följden för personen?").FillAsync("Personen stod utan ersättning i sex veckor.");
        await page.SendReportAsync();
    }

    [Fact]
    public async Task Without_JavaScript_the_server_catches_the_personal_number_and_names_its_field()
    {
        await using var session = await NewSessionAsync(javaScriptEnabled: false);
        var page = session.Page;
        await page.GotoAsync(FormPath);
        var before = await Factory.ScalarAsync<long>("SELECT COUNT(*) FROM reports");
        await page.FillReportAsync(new Site.ReportInput(Description: Fixtures.PersonalNumbersToReject()[0]));

        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka avvikelsen" }).ClickAsync();

        await Expect(page.Locator(".error-summary li")).ToHaveTextAsync([PersonalNumberMessage]);
        await Expect(page.Locator("#Input_Description-error")).ToHaveTextAsync($"Fel: {PersonalNumberMessage}");
        await Expect(page.GetByLabel("Vad blev följden för personen?")).ToHaveValueAsync(new Site.ReportInput().Consequence);
        // axe runs as a script in the page, which this session forbids; the same markup is checked with scripts on
        // in An_incomplete_form_shows_a_focused_error_summary_whose_links_lead_to_the_fields_and_keeps_the_text.
        await page.SaveScreenshotAsync("personnummer-pa-servern");
        Assert.Equal(before, await Factory.ScalarAsync<long>("SELECT COUNT(*) FROM reports"));
    }

    [Fact]
    public async Task The_browser_check_agrees_with_the_server_guard_on_every_sample()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync(FormPath);
        string[] otherScripts = ["Personen (８１１２１８-９８７６) hänvisades vidare.", "Personen (٨١١٢١٨-٩٨٧٦) hänvisades vidare.", "Ring ０７０１２３４５６７."];
        var samples = Fixtures.PersonalNumbersToReject().Concat(Fixtures.PersonalNumberLookAlikesToAccept()).Concat(otherScripts).ToList();

        var inBrowser = await page.EvaluateAsync<bool[]>("samples => samples.map(window.lexHeller.containsPersonalNumber)", samples);

        Assert.Equal(samples.Select(PersonalNumberGuard.ContainsPersonalNumber), inBrowser);
        Assert.Contains(true, inBrowser);
        Assert.Contains(false, inBrowser);
        await page.SaveScreenshotAsync("formular");
    }

    [Fact]
    public async Task The_browser_refuses_every_spelling_and_passes_every_look_alike_of_the_shared_lists_as_the_server_does()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync(FormPath);
        var spellings = Fixtures.PersonalNumberSpellings();
        var passing = Fixtures.PersonalNumberLookAlikes().Concat(Fixtures.PersonalNumberBlindSpots()).ToList();
        var texts = spellings.Concat(passing).Select(sample => sample.Text).ToList();

        var inBrowser = await page.EvaluateAsync<bool[]>("texts => texts.map(window.lexHeller.containsPersonalNumber)", texts);
        var normalizedInBrowser = await page.EvaluateAsync<string[]>("texts => texts.map(window.lexHeller.normalizePersonalNumberText)", texts);

        var samples = spellings.Concat(passing).ToList();
        Assert.Empty(spellings.Where((sample, index) => !inBrowser[index]).Select(sample => $"got through: {sample.Label}"));
        Assert.Empty(passing.Where((sample, index) => inBrowser[spellings.Count + index]).Select(sample => $"refused: {sample.Label}"));
        Assert.Empty(samples.Where((sample, index) => normalizedInBrowser[index] != PersonalNumberGuard.Normalize(sample.Text))
            .Select(sample => $"normalised otherwise than on the server: {sample.Label}"));
    }
}
