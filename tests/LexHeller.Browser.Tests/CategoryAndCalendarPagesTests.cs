namespace LexHeller.Browser.Tests;

/// <summary>
/// The administration pages for an association's own categories and a steering group's meetings, as the demo administrator,
/// and what an own category's notice does on the report form.
/// </summary>
public sealed class CategoryAndCalendarPagesTests(BrowserFixture browser) : BrowserTests(browser)
{
    private const string Notice = "Ett Lex Sarah- eller Lex Maria-ärende anmäler du i din egen organisations avvikelsesystem, inte här.";

    [Fact]
    public async Task An_administrator_adds_a_blocking_category_and_the_form_shows_its_notice_at_once_and_refuses_the_report()
    {
        await using (var admin = await NewSessionAsync())
        {
            var page = admin.Page;
            await page.SignInAsDemoAsync(DemoSeed.AdminEmail);
            await page.GotoAsync("/admin/hoglandet/kategorier");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Kategorier för Samordningsförbundet Höglandet");
            await page.AuditAsync("admin-kategorier");

            await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till kategorin" }).ClickAsync();
            await Expect(page.Locator("#Input_Code-error")).ToHaveTextAsync("Fel: Skriv en kod för kategorin.");
            await page.AuditAsync("admin-kategorier-fel");

            await page.GetByLabel("Kod", new() { Exact = true }).FillAsync("lex-sarah");
            await page.GetByLabel("Namn", new() { Exact = true }).FillAsync("Lex Sarah eller Lex Maria");
            await page.GetByLabel("Beskrivning", new() { Exact = true }).FillAsync("Missförhållanden i den egna verksamheten.");
            await page.GetByLabel("Meddelande på formuläret (frivilligt)").FillAsync(Notice);
            await page.GetByLabel("Stoppa avvikelser i kategorin").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till kategorin" }).ClickAsync();
            await Expect(page.Locator(".notice[role=status]")).ToHaveTextAsync("Kategorin ”Lex Sarah eller Lex Maria” är tillagd.");

            await page.GetByRole(AriaRole.Link, new() { Name = "Ändra Lex Sarah eller Lex Maria" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Kategorin ”Lex Sarah eller Lex Maria”");
            await page.AuditAsync("admin-kategori");
        }

        await using var reporter = await NewSessionAsync();
        var form = reporter.Page;
        await form.GotoAsync("/anmalan?forbund=hoglandet");
        var before = await Factory.ScalarAsync<long>("SELECT COUNT(*) FROM reports");
        await Expect(form.Locator(".category-notice").Filter(new() { HasText = Notice })).ToBeHiddenAsync();

        await form.FillReportAsync(new Site.ReportInput(Category: "Lex Sarah eller Lex Maria"));
        await Expect(form.Locator(".category-notice").Filter(new() { HasText = Notice })).ToBeVisibleAsync();
        await form.AuditAsync("formular-kategorins-meddelande");

        await form.GetByRole(AriaRole.Button, new() { Name = "Skicka avvikelsen" }).ClickAsync();
        await Expect(form.Locator(".error-summary li")).ToHaveTextAsync([Notice]);
        await Expect(form.Locator("#Input_SuggestedCategory-error")).ToHaveTextAsync($"Fel: {Notice}");
        await form.AuditAsync("formular-kategorin-stoppar");
        Assert.Equal(before, await Factory.ScalarAsync<long>("SELECT COUNT(*) FROM reports"));
    }

    [Fact]
    public async Task An_administrator_adds_and_removes_a_meeting_and_sets_the_cut_off_on_the_meetings_page()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.SignInAsDemoAsync(DemoSeed.AdminEmail);
        var group = await Factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = 'Beredningsgruppen Höglandet'");
        await page.GotoAsync($"/admin/hoglandet/styrgrupper/{group}/moten");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Möten för Beredningsgruppen Höglandet");
        await page.AuditAsync("admin-moten");

        await page.GetByLabel("Datum för mötet").FillAsync("2027-01-14");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till mötet" }).ClickAsync();
        await Expect(page.Locator(".notice[role=status]")).ToHaveTextAsync("Mötet 14 januari 2027 är tillagt.");
        await Expect(page.Locator("tbody th")).ToHaveTextAsync(["18 december 2026", "14 januari 2027"]);

        await page.GetByLabel("Dagar före mötet").FillAsync("61");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.Locator("#CutOffDays-error")).ToHaveTextAsync("Fel: Ange ett heltal mellan 0 och 60.");
        await page.AuditAsync("admin-moten-fel");
        await page.GetByLabel("Dagar före mötet").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.Locator("tbody tr").First.Locator("td").First).ToHaveTextAsync("8 december 2026");

        await page.GetByRole(AriaRole.Button, new() { Name = "Ta bort mötet 18 december 2026" }).ClickAsync();
        await Expect(page.Locator("tbody th")).ToHaveTextAsync(["14 januari 2027"]);
        await page.AuditAsync("admin-moten-efter");
    }
}
