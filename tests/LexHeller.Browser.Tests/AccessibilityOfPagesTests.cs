namespace LexHeller.Browser.Tests;

/// <summary>
/// axe (WCAG 2.0 and 2.1, A and AA, and best practices) on the pages the journeys do not pass through, and
/// on the triage page with every action's form open. The journeys check the pages they pass through.
/// </summary>
public sealed class AccessibilityOfPagesTests(BrowserFixture browser) : BrowserTests(browser)
{
    [Theory]
    [InlineData("/", 200, "Lex Heller")]
    [InlineData("/anmalan", 200, "Lämna en avvikelse")]
    [InlineData("/anmalan?forbund=jonkoping", 200, "Lämna en avvikelse")]
    [InlineData("/kvitto", 200, "Mitt kvitto")]
    [InlineData("/logga-in", 200, "Logga in")]
    [InlineData("/logga-in/demo", 200, "Välj demokonto")]
    [InlineData("/logga-in/e-post/skickad", 200, "Titta i din e-post")]
    [InlineData("/logga-in/lank/okand-lank", 200, "Länken går inte att använda")]
    [InlineData("/tillganglighet", 200, "Tillgänglighetsredogörelser")]
    [InlineData("/tillganglighet?forbund=hoglandet", 200, "Tillgänglighetsredogörelse för Samordningsförbundet Höglandet")]
    [InlineData("/tillganglighet?forbund=jonkoping", 200, "Tillgänglighetsredogörelse för Samordningsförbundet Jönköping")]
    [InlineData("/personuppgifter", 200, "Så behandlas dina personuppgifter")]
    [InlineData("/personuppgifter?forbund=hoglandet", 200, "Så behandlar Samordningsförbundet Höglandet dina personuppgifter")]
    [InlineData("/personuppgifter?forbund=jonkoping", 200, "Så behandlar Samordningsförbundet Jönköping dina personuppgifter")]
    [InlineData("/ingen-behorighet", 403, "Du har inte behörighet till sidan")]
    [InlineData("/sidan-finns-inte", 404, "Sidan finns inte")]
    public async Task A_page_anyone_may_open_has_no_accessibility_violations(string path, int status, string heading)
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;

        var response = await page.GotoAsync(path);

        Assert.Equal(status, response?.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "sv");
        await page.AuditAsync("sida");
        // An error page's own status is reported on the console as a resource that failed to load; nothing else may be.
        Assert.DoesNotContain(session.ConsoleErrors, error => status == 200 || !error.Contains($"status of {status}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/admin", "Administration")]
    [InlineData("/admin/hoglandet", "Samordningsförbundet Höglandet")]
    [InlineData("/admin/hoglandet/installningar", "Inställningar")]
    [InlineData("/admin/hoglandet/omraden", "Områden")]
    [InlineData("/admin/hoglandet/styrgrupper", "Styrgrupper, möten och köer")]
    [InlineData("/admin/hoglandet/routning?omrade=aneby&part=region&part=municipality&kategori=catch-22", "Routningsregler")]
    [InlineData("/admin/hoglandet/routning?omrade=&kategori=", "Routningsregler")]
    [InlineData("/admin/hoglandet/parter", "Parter och kontaktpersoner")]
    [InlineData("/admin/hoglandet/medlemmar", "Medlemmar och roller")]
    [InlineData("/admin/hoglandet/granskningslogg", "Granskningslogg")]
    [InlineData("/admin/hoglandet/api-nycklar", "API-nycklar")]
    [InlineData("/admin/hoglandet/api-nycklar/{key}/aterkalla", "Återkalla API-nyckeln ”Nässjö kommuns verksamhetssystem (demo)”?")]
    [InlineData("/admin/hoglandet/meddelanden", "Ej levererade meddelanden")]
    public async Task An_administration_page_has_no_accessibility_violations(string path, string heading)
    {
        Factory.StartKestrel();
        await Factory.EnqueueDeadAsync(DemoSeed.HoglandetCode);
        var key = await Factory.ScalarAsync<Guid>("SELECT id FROM api_clients ORDER BY created_at, id");
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.SignInAsDemoAsync(DemoSeed.AdminEmail);

        var response = await page.GotoAsync(path.Replace("{key}", key.ToString(), StringComparison.Ordinal));

        Assert.Equal(200, response?.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await page.AuditAsync("administration");
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task A_wrong_receipt_code_is_explained_next_to_the_field_without_violations()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/kvitto");

        await page.GetByLabel("Kod").FillAsync("för kort");
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa kvittot" }).ClickAsync();

        await Expect(page.Locator("#Code-error")).ToHaveTextAsync("Fel: Koden är inte rätt skriven. Den ska ha 20 bokstäver och siffror, till exempel 7KQ2M-X9DHT-0RWCE-5NBPA. Kontrollera att du fått med hela koden.");
        await page.AuditAsync("fel-kod");
    }

    [Fact]
    public async Task The_triage_page_with_every_action_open_has_no_violations_before_and_after_closing()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await OpenAReceivedReportAsync(page, auditQueue: true);

        await page.ActAsync("Påbörja beredning", "Bereds på nästa möte.");
        await OpenEveryActionAsync(page);
        await page.AuditAsync("alla-atgarder");

        await page.ActAsync("Avsluta", "Inget att göra för styrgruppen.",
            panel => panel.GetByLabel("Ingen åtgärd möjlig").CheckAsync(), button: "Avsluta avvikelsen");
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Avslutad");
        await OpenEveryActionAsync(page);
        await Expect(page.Locator("details.action summary")).ToHaveTextAsync(["Återöppna", "Publicera sammanfattning", "Skriv en anteckning", "Ta bort text ur avvikelsen"]);
        await page.AuditAsync("avslutad");
    }

    [Fact]
    public async Task A_refused_action_keeps_its_form_open_with_the_message_next_to_the_field()
    {
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await OpenAReceivedReportAsync(page, auditQueue: false);

        await page.ActAsync("Påbörja beredning", "   ");

        await Expect(page.Locator(".error-summary li")).ToHaveTextAsync(["Skriv ett skäl: det sparas i avvikelsens historik."]);
        await Expect(page.Locator("#action-triage")).ToHaveAttributeAsync("open", "");
        await Expect(page.Locator("#Triage_Reason-error")).ToBeVisibleAsync();
        await page.AuditAsync("skal-saknas");
    }

    /// <summary>As the demo triager: Beredningsgruppen's queue, filtered to received reports, and the newest of them.</summary>
    private static async Task OpenAReceivedReportAsync(IPage page, bool auditQueue)
    {
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Beredningsgruppen Höglandet" }).ClickAsync();
        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Mottagen" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa" }).ClickAsync();
        if (auditQueue)
            await page.AuditAsync("ko-filtrerad");
        await page.Locator("tbody th a").First.ClickAsync();
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Mottagen");
    }

    private static async Task OpenEveryActionAsync(IPage page)
    {
        var closed = page.Locator("details.action:not([open]) > summary");
        while (await closed.CountAsync() > 0)
            await closed.First.ClickAsync();
    }
}
