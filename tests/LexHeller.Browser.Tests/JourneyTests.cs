namespace LexHeller.Browser.Tests;

/// <summary>
/// The whole journey through pages only, in Chromium: a caseworker files a report, opens the receipt; a
/// triager refers it to a party; the party answers; the caseworker sees the answer. Every page passes axe.
/// </summary>
public sealed class JourneyTests(BrowserFixture browser) : BrowserTests(browser)
{
    [Fact]
    public async Task A_report_is_filed_referred_answered_and_the_reporter_reads_the_answer_on_the_receipt()
    {
                var report = new Site.ReportInput();

        // The caseworker, not signed in, on the intranet's link to the form.
        await using var reporter = await NewSessionAsync();
        var page = reporter.Page;
        await page.GotoAsync("/anmalan?forbund=hoglandet");
        await page.AuditAsync("anmalan");
        await page.FillReportAsync(report);
        await page.SaveScreenshotAsync("anmalan-ifylld");
        var receipt = await page.SendReportAsync();
        await page.AuditAsync("kvittens");
        await page.GotoAsync(receipt.Link);
        await Expect(page.Locator("#receipt-status")).ToHaveTextAsync("Mottagen");
        await page.AuditAsync("kvitto-mottagen");

        // The triager: queue, report, triage, referral to Försäkringskassan.
        await using var triager = await NewSessionAsync();
        page = triager.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Styrgruppens köer" })).ToBeVisibleAsync();
        await page.AuditAsync("triage-koer");
        await page.GetByRole(AriaRole.Link, new() { Name = "LSG Nässjö", Exact = true }).ClickAsync();
        await page.AuditAsync("triage-ko");
        await page.GetByRole(AriaRole.Link, new() { Name = receipt.Reference }).ClickAsync();
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Mottagen");
        await Expect(page.GetByText(report.Description)).ToBeVisibleAsync();
        await page.AuditAsync("triage-avvikelse");
        await page.ActAsync("Påbörja beredning", "Tydlig brist i överlämningen mellan parterna.");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Beredningen är påbörjad.");
        await page.ActAsync("Skicka till part", "Försäkringskassan behöver förklara varför ärendet avslutades.", async panel =>
        {
            await panel.GetByLabel("Part som ska svara").SelectOptionAsync(new SelectOptionValue { Label = "Försäkringskassan" });
            await panel.GetByLabel("Fråga till parten").FillAsync("Varför avslutades ärendet utan överlämning till kommunen?");
        }, button: "Skicka till parten");
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Skickad till berörd part för svar");
        await page.AuditAsync("triage-skickad");

        // The party's contact person: inbox, referral, answer.
        await using var responder = await NewSessionAsync();
        page = responder.Page;
        await page.SignInAsDemoAsync(DemoSeed.ResponderFkEmail);
        await page.AuditAsync("part-inkorg");
        await page.GetByRole(AriaRole.Link, new() { Name = receipt.Reference }).ClickAsync();
        await Expect(page.Locator("#referral-question")).ToHaveTextAsync("Varför avslutades ärendet utan överlämning till kommunen?");
        await page.AuditAsync("part-remiss");
        await page.GetByLabel("Varför blev det så?").FillAsync("Rutinen för överlämning vid avslut följdes inte.");
        await page.GetByLabel("Vad har ni gjort, eller vad ska ni göra?").FillAsync("Vi har infört en checklista vid avslut.");
        await page.GetByLabel("Hur följer ni upp att det blir bättre?").FillAsync("Stickprov varje kvartal.");
        await page.GetByLabel("Ditt namn").FillAsync("Frida Försäkringskassan");
        await page.GetByLabel("Din roll").FillAsync("Enhetschef");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka svaret" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tack! Svaret är skickat till styrgruppen.");
        await page.AuditAsync("part-besvarad");

        // The caseworker again, with the receipt's link.
        page = reporter.Page;
        await page.GotoAsync(receipt.Link);
        await Expect(page.Locator("#receipt-status")).ToHaveTextAsync("Besvarad av berörda parter");
        var answer = page.GetByRole(AriaRole.Region, new() { Name = "Svar från Försäkringskassan" });
        await Expect(answer).ToContainTextAsync("Rutinen för överlämning vid avslut följdes inte.");
        await Expect(answer).ToContainTextAsync("Enhetschef");
        await Expect(answer).Not.ToContainTextAsync("Frida");
        await page.AuditAsync("kvitto-besvarad");
        Assert.Empty(reporter.ConsoleErrors.Concat(triager.ConsoleErrors).Concat(responder.ConsoleErrors));
    }

    [Fact]
    public async Task The_demo_reporter_signed_in_files_as_their_own_party_from_a_form_that_offers_only_it()
    {
        await using var reporter = await NewSessionAsync();
        var page = reporter.Page;
        await page.SignInAsDemoAsync(DemoSeed.ReporterEmail);

        // Jönköping is not theirs: the form is Höglandet's, with Nässjö kommun, the party they act for, chosen.
        await page.GotoAsync("/anmalan?forbund=jonkoping");
        await Expect(page.Locator("form[data-personal-number-check]")).ToContainTextAsync("Samordningsförbund: Samordningsförbundet Höglandet");
        var ownParty = page.GetByLabel("Din organisation", new() { Exact = true });
        await Expect(ownParty.Locator("option")).ToHaveTextAsync(["Välj organisation", "Nässjö kommun"]);
        await Expect(ownParty.Locator("option:checked")).ToHaveTextAsync("Nässjö kommun");
        await page.AuditAsync("anmalan-inloggad-rapportor");
        await page.FillReportAsync(new Site.ReportInput());
        var receipt = await page.SendReportAsync();

        Assert.Equal("form", await Factory.ScalarAsync<string>("SELECT channel FROM reports WHERE reference = @Reference", new { receipt.Reference }));
        Assert.Empty(reporter.ConsoleErrors);
    }

    [Fact]
    public async Task The_steering_group_asks_the_reporter_a_question_and_the_reporter_answers_on_the_receipt()
    {
                await using var reporter = await NewSessionAsync();
        await reporter.Page.GotoAsync("/anmalan?forbund=hoglandet");
        await reporter.Page.FillReportAsync(new Site.ReportInput(Area: "Eksjö", OwnParty: "Eksjö kommun"));
        var receipt = await reporter.Page.SendReportAsync();

        await using var triager = await NewSessionAsync();
        var page = triager.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "LSG Eksjö", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = receipt.Reference }).ClickAsync();
        await page.ActAsync("Påbörja beredning", "Behöver mer underlag.");
        await page.ActAsync("Fråga rapportören", "Oklart vilken handläggare som avslutade ärendet.",
            panel => panel.GetByLabel("Fråga till rapportören").FillAsync("Vilket kontor handlade ärendet?"), button: "Skicka frågan");
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Väntar på komplettering");

        page = reporter.Page;
        await page.GotoAsync(receipt.Link);
        await Expect(page.Locator("#receipt-status")).ToHaveTextAsync("Väntar på svar från dig");
        await Expect(page.Locator("#open-question")).ToHaveTextAsync("Vilket kontor handlade ärendet?");
        await page.AuditAsync("kvitto-fraga");
        await page.GetByLabel("Ditt svar").FillAsync("Lokalkontoret i Eksjö.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka svaret" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tack! Ditt svar är skickat till styrgruppen.");
        await Expect(page.Locator("#receipt-status")).ToHaveTextAsync("Under beredning");
        await Expect(page.GetByText("Lokalkontoret i Eksjö.")).ToBeVisibleAsync();
        await page.AuditAsync("kvitto-svarat");

        await triager.Page.ReloadAsync();
        await Expect(triager.Page.Locator("#report-status")).ToHaveTextAsync("Under beredning");
        await Expect(triager.Page.GetByText("Lokalkontoret i Eksjö.")).ToBeVisibleAsync();
    }
}
