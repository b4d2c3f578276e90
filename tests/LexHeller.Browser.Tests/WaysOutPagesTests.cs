namespace LexHeller.Browser.Tests;

/// <summary>
/// No state without a way out, through the pages (issue 20, point 1): the steering group withdraws a question to the
/// reporter and a referral, a party answers "not ours" naming who is responsible, and the group closes a report whose
/// party never answered. Every page passes axe.
/// </summary>
public sealed class WaysOutPagesTests(BrowserFixture browser) : BrowserTests(browser)
{
    private async Task<(BrowserSession Triager, string Reference)> FiledAndOpenedByTheTriagerAsync()
    {
        await using var reporter = await NewSessionAsync();
        await reporter.Page.GotoAsync("/anmalan?forbund=hoglandet");
        await reporter.Page.FillReportAsync(new Site.ReportInput());
        var receipt = await reporter.Page.SendReportAsync();

        var triager = await NewSessionAsync();
        var page = triager.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "LSG Nässjö", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = receipt.Reference }).ClickAsync();
        await page.ActAsync("Påbörja beredning", "Tydlig brist i överlämningen.");
        return (triager, receipt.Reference);
    }

    private static Task ReferAsync(IPage page, string party) =>
        page.ActAsync("Skicka till part", $"{party} behöver förklara.", async panel =>
        {
            await panel.GetByLabel("Part som ska svara").SelectOptionAsync(new SelectOptionValue { Label = party });
            await panel.GetByLabel("Fråga till parten").FillAsync("Varför avslutades ärendet utan överlämning?");
        }, button: "Skicka till parten");

    [Fact]
    public async Task The_group_withdraws_a_question_and_a_referral_and_a_party_answers_not_ours_naming_who_is_responsible()
    {
        var (triager, reference) = await FiledAndOpenedByTheTriagerAsync();
        await using var _ = triager;
        var page = triager.Page;

        // A question the reporter never answers is withdrawn: the report is back in triage.
        await page.ActAsync("Fråga rapportören", "Oklart när det hände.",
            panel => panel.GetByLabel("Fråga till rapportören").FillAsync("Vilken vecka hände det?"), button: "Skicka frågan");
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Väntar på komplettering");
        await Expect(page.Locator("#close-waits")).ToContainTextAsync("Avvikelsen kan avslutas från");
        await page.AuditAsync("triage-vantar-pa-komplettering");
        await page.ActAsync("Dra tillbaka frågan till rapportören", "Vi går vidare utan svaret.", button: "Dra tillbaka frågan");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Frågan till rapportören är tillbakadragen.");
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Under beredning");

        // A referral to the wrong party is withdrawn with a reason: the report is back in triage.
        await ReferAsync(page, "Försäkringskassan");
        await page.ActAsync("Återkalla en fråga till en part", "Fel part: frågan gäller Arbetsförmedlingen.",
            panel => panel.GetByLabel("Fråga att återkalla").SelectOptionAsync(new SelectOptionValue { Index = 1 }), button: "Återkalla frågan");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Frågan till parten är återkallad och parten har fått besked.");
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Under beredning");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Fråga till Försäkringskassan" })).ToContainTextAsync("Återkallad av styrgruppen");
        await page.AuditAsync("triage-remiss-aterkallad");

        // Försäkringskassan sees the referral withdrawn, with the reason.
        await using var fk = await NewSessionAsync();
        await fk.Page.SignInAsDemoAsync(DemoSeed.ResponderFkEmail);
        await fk.Page.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Expect(fk.Page.Locator("#referral-ending")).ToContainTextAsync("Fel part: frågan gäller Arbetsförmedlingen.");
        await fk.Page.AuditAsync("part-remiss-aterkallad");

        // Arbetsförmedlingen answers "not ours", naming who it thinks is responsible.
        await ReferAsync(page, "Arbetsförmedlingen");
        await using var af = await NewSessionAsync();
        var party = af.Page;
        await party.SignInAsDemoAsync(DemoSeed.ResponderAfEmail);
        await party.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await party.Locator("#action-decline summary").ClickAsync();
        await party.GetByRole(AriaRole.Button, new() { Name = "Skicka tillbaka till styrgruppen" }).ClickAsync();
        await Expect(party.Locator(".error-summary")).ToContainTextAsync("Skriv vem ni tror är ansvarig.");
        await party.AuditAsync("part-inte-vart-ansvar-fel");
        await party.GetByLabel("Vem är ansvarig, enligt er?").FillAsync("Nässjö kommun, arbetsmarknadsenheten");
        await party.GetByLabel("Varför är det inte ert ansvar?").FillAsync("Personen var inte inskriven hos oss vid tillfället.");
        await party.GetByRole(AriaRole.Button, new() { Name = "Skicka tillbaka till styrgruppen" }).ClickAsync();
        await Expect(party.GetByRole(AriaRole.Status)).ToContainTextAsync("Styrgruppen har fått veta");
        await Expect(party.Locator("#referral-ending")).ToContainTextAsync("Nässjö kommun, arbetsmarknadsenheten");
        await party.AuditAsync("part-inte-vart-ansvar");

        // The group sees the report back in triage, with the suggestion.
        await page.ReloadAsync();
        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Under beredning");
        await Expect(page.Locator(".notice").Filter(new() { HasText = "Arbetsförmedlingen menar att avvikelsen inte är deras ansvar" }))
            .ToContainTextAsync("Nässjö kommun, arbetsmarknadsenheten");
        await page.AuditAsync("triage-inte-partens-ansvar");
        Assert.Empty(triager.ConsoleErrors.Concat(fk.ConsoleErrors).Concat(af.ConsoleErrors));
    }

    [Fact]
    public async Task The_group_closes_a_report_whose_party_never_answered_and_the_referral_shows_unanswered()
    {
        var (triager, reference) = await FiledAndOpenedByTheTriagerAsync();
        await using var _ = triager;
        var page = triager.Page;
        await ReferAsync(page, "Försäkringskassan");

        await page.Locator("#action-close summary").ClickAsync();
        await Expect(page.Locator("#close-unanswered")).ToContainTextAsync("Frågorna till Försäkringskassan är obesvarade");
        await page.AuditAsync("triage-avsluta-obesvarad");
        await page.ActAsync("Avsluta", "Försäkringskassan har inte svarat trots två påminnelser.",
            panel => panel.GetByLabel("Ingen åtgärd möjlig").CheckAsync(), button: "Avsluta avvikelsen");

        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Avslutad");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Fråga till Försäkringskassan" })).ToContainTextAsync("Obesvarad när avvikelsen avslutades");
        await page.AuditAsync("triage-avslutad-obesvarad");

        await using var fk = await NewSessionAsync();
        await fk.Page.SignInAsDemoAsync(DemoSeed.ResponderFkEmail);
        await Expect(fk.Page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = reference })).ToContainTextAsync("obesvarad när avvikelsen avslutades");
        await fk.Page.AuditAsync("part-inkorg-obesvarad");
        Assert.Empty(triager.ConsoleErrors.Concat(fk.ConsoleErrors));
    }
}
