namespace LexHeller.Browser.Tests;

/// <summary>The report page's redaction form and template pickers, and the administration's templates page, as their users use them.</summary>
public sealed class RedactionAndTemplatePagesTests(BrowserFixture browser) : BrowserTests(browser)
{
    private const string Words = "Kalle Ankeborg";

    [Fact]
    public async Task A_triager_takes_a_name_out_of_the_report_and_the_page_shows_the_marker_and_who_did_it_and_why()
    {
        Factory.StartKestrel();
        var workflow = new Workflow(Factory);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous);
        var body = ReportBodies.FromFixture(referenceData, 0);
        body["description"] = $"{Words} fick fel besked. " + (string)body["description"]!;
        var (id, _, _) = await workflow.FileAsync(body);
        await workflow.StepAsync(id, "triage", new { reason = $"Gäller {Words}." });

        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await page.GotoAsync($"/triage/avvikelse/{id}");
        await page.GetByText("Ta bort text ur avvikelsen").ClickAsync();
        await page.AuditAsync("triage-ta-bort-text");

        await page.GetByLabel("Text som ska tas bort").FillAsync("Musse Pigg");
        await page.Locator("#Redact_Reason").FillAsync("Namnet pekar ut en person.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ta bort texten" }).ClickAsync();
        await Expect(page.Locator("#Redact_Text-error")).ToHaveTextAsync(
            "Fel: Orden hittades inte i avvikelsens texter. Skriv minst två tecken, exakt som de står i texten.");
        await page.AuditAsync("triage-ta-bort-text-fel");

        await page.GetByLabel("Text som ska tas bort").FillAsync(Words.ToLowerInvariant());
        await page.Locator("#Redact_Reason").FillAsync("Namnet pekar ut en person.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ta bort texten" }).ClickAsync();
        await Expect(page.Locator(".notice[role=status]")).ToHaveTextAsync("Texten är borttagen överallt i avvikelsen.");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Ankeborg");
        await Expect(page.Locator("dd.text-block").First).ToContainTextAsync("[borttaget] fick fel besked.");
        var entry = page.Locator("#history li").Filter(new() { HasText = "Text togs bort ur avvikelsen" });
        await Expect(entry).ToContainTextAsync("Skäl: Namnet pekar ut en person.");
        await page.AuditAsync("triage-text-borttagen");
    }

    [Fact]
    public async Task An_administrator_adds_a_template_and_a_triager_starts_a_question_from_it_with_and_without_javascript()
    {
        Factory.StartKestrel();
        var workflow = new Workflow(Factory);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous);
        var (id, _, _) = await workflow.FileAsync(ReportBodies.FromFixture(referenceData, 0));
        await workflow.StepAsync(id, "triage", new { reason = "Bedömd." });

        await using (var admin = await NewSessionAsync())
        {
            var page = admin.Page;
            await page.SignInAsDemoAsync(DemoSeed.AdminEmail);
            await page.GotoAsync("/admin/hoglandet/mallar");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Svarsmallar för Samordningsförbundet Höglandet");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till mallen" }).ClickAsync();
            await Expect(page.Locator("#Input_Body-error")).ToHaveTextAsync("Fel: Skriv mallens text.");
            await page.AuditAsync("admin-mallar-fel");

            await page.GetByLabel("Fråga till rapportören").CheckAsync();
            await page.GetByLabel("Namn på mallen").FillAsync("Be om datum och enhet");
            await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Vilket datum hände det, och vilken enhet gällde det?");
            await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till mallen" }).ClickAsync();
            await Expect(page.Locator(".notice[role=status]")).ToHaveTextAsync("Mallen ”Be om datum och enhet” är tillagd.");
            await Expect(page.Locator("tbody th")).ToHaveTextAsync(["Be om datum och enhet"]);
            await page.AuditAsync("admin-mallar");
        }

        await using (var triager = await NewSessionAsync())
        {
            var page = triager.Page;
            await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
            await page.GotoAsync($"/triage/avvikelse/{id}");
            await page.Locator("#action-ask summary").ClickAsync();
            await Expect(page.Locator("#action-ask [data-template-apply]")).ToBeHiddenAsync();
            await page.Locator("#Ask_Template").SelectOptionAsync(new SelectOptionValue { Label = "Be om datum och enhet" });
            await Expect(page.Locator("#Ask_Question")).ToHaveValueAsync("Vilket datum hände det, och vilken enhet gällde det?");
            await page.AuditAsync("triage-fraga-fran-mall");
        }

        await using (var withoutScript = await NewSessionAsync(javaScriptEnabled: false))
        {
            var page = withoutScript.Page;
            await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
            await page.GotoAsync($"/triage/avvikelse/{id}");
            await page.Locator("#action-ask summary").ClickAsync();
            await page.Locator("#Ask_Template").SelectOptionAsync(new SelectOptionValue { Label = "Be om datum och enhet" });
            await page.Locator("#action-ask").GetByRole(AriaRole.Button, new() { Name = "Använd mallen" }).ClickAsync();
            await Expect(page.Locator("#action-ask")).ToHaveAttributeAsync("open", new System.Text.RegularExpressions.Regex(".*"));
            await Expect(page.Locator("#Ask_Question")).ToHaveValueAsync("Vilket datum hände det, och vilken enhet gällde det?");
        }
    }
}
