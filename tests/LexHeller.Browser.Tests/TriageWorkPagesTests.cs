using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LexHeller.Browser.Tests;

/// <summary>
/// The triage pages show the work (issue 20, point 7), in Chromium: the overview's answered reports and what each group
/// has to decide; the close form that shows only the chosen resolution's fields and starts a new follow-up; the
/// duplicate search; people named in the history; forms that start from the signed-in user's memberships.
/// </summary>
public sealed class TriageWorkPagesTests(BrowserFixture browser) : BrowserTests(browser)
{
    private Workflow _workflow = null!;
    private ReferenceDataSnapshot _referenceData = null!;

    public override async ValueTask InitializeAsync()
    {
        Factory.StartKestrel();
        _workflow = new Workflow(Factory);
        _referenceData = await ReferenceDataSnapshot.LoadAsync(_workflow.Anonymous);
    }

    private async Task<(Guid Id, string Reference)> FileAsync(string? description = null)
    {
        var body = ReportBodies.FromFixture(_referenceData, 3);
        if (description is not null)
            body["description"] = description;
        var (id, _, reference) = await _workflow.FileAsync(body);
        return (id, reference);
    }

    private async Task<(Guid Id, string Reference)> AnsweredAsync()
    {
        var report = await FileAsync();
        await _workflow.StepAsync(report.Id, "triage", new { reason = "Tillhör samverkansuppdraget." });
        await _workflow.ReferAsync(report.Id, "Försäkringskassan");
        await _workflow.AnswerAsync(_workflow.ResponderFk, report.Id);
        return report;
    }

    [Fact]
    public async Task The_overview_shows_answered_reports_and_what_each_group_has_to_decide_before_its_next_meeting()
    {
        var (id, _) = await AnsweredAsync();
        var queue = await Factory.ScalarAsync<string>("SELECT q.name FROM reports r JOIN queues q ON q.id = r.queue_id WHERE r.id = @Id", new { Id = id });
        var overview = (await _workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/queues"))!;
        var answered = (int)overview["queues"]!.AsArray().Single(q => (string)q!["name"]! == queue)!["counts"]!["answered"]!;
        Assert.True(answered >= 1);

        await using var triager = await NewSessionAsync();
        var page = triager.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Styrgruppens köer" })).ToBeVisibleAsync();

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Dina köer" });
        var headers = await table.Locator("thead th").AllTextContentsAsync();
        var column = headers.ToList().IndexOf("Besvarade");
        Assert.True(column > 0, string.Join(" | ", headers));
        var row = table.Locator("tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = queue, Exact = true }) });
        await Expect(row.Locator("th, td").Nth(column)).ToHaveTextAsync(answered.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var decisions = page.GetByRole(AriaRole.List, new() { Name = "Att besluta" });
        var group = await Factory.ScalarAsync<string>(
            "SELECT g.name FROM reports r JOIN queues q ON q.id = r.queue_id JOIN steering_groups g ON g.id = q.steering_group_id WHERE r.id = @Id", new { Id = id });
        var toDecide = (int)overview["decisions"]!.AsArray().Single(d => (string)d!["steeringGroup"]! == group)!["toDecide"]!;
        await Expect(decisions.GetByRole(AriaRole.Listitem).Filter(new() { HasText = group }))
            .ToContainTextAsync(toDecide == 1 ? "1 avvikelse att besluta" : $"{toDecide} avvikelser att besluta");
        await page.AuditAsync("triage-koer-att-besluta");
        Assert.Empty(triager.ConsoleErrors);
    }

    [Fact]
    public async Task The_close_form_shows_only_the_chosen_resolutions_fields_and_starts_a_new_follow_up_from_the_report()
    {
        var (id, reference) = await AnsweredAsync();
        await using var triager = await NewSessionAsync();
        var page = triager.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await page.GotoAsync($"/triage/avvikelse/{id}");
        var panel = page.Locator("#action-close");
        await panel.Locator("summary").ClickAsync();

        var duplicate = panel.GetByLabel("Dubblett av (bara vid dubblett)");
        var followUp = panel.GetByLabel("Strukturell uppföljning (bara vid strukturell uppföljning)");
        var forward = panel.GetByLabel("Lämna över till (bara vid överlämning)");
        var title = panel.GetByLabel("Vad gäller uppföljningen?");
        await Expect(duplicate).ToBeHiddenAsync();
        await Expect(followUp).ToBeHiddenAsync();
        await Expect(forward).ToBeHiddenAsync();

        await panel.GetByLabel("Dubblett av en annan avvikelse", new() { Exact = true }).CheckAsync();
        await Expect(duplicate).ToBeVisibleAsync();
        await Expect(followUp).ToBeHiddenAsync();
        await Expect(forward).ToBeHiddenAsync();

        await panel.GetByLabel("Går vidare till strukturell uppföljning", new() { Exact = true }).CheckAsync();
        await Expect(duplicate).ToBeHiddenAsync();
        await Expect(followUp).ToBeVisibleAsync();
        await Expect(title).ToBeHiddenAsync();
        await followUp.SelectOptionAsync(new SelectOptionValue { Label = "Starta en ny uppföljning" });
        await Expect(title).ToBeVisibleAsync();
        await page.AuditAsync("triage-avsluta-ny-uppfoljning");

        await title.FillAsync("Överlämning vid avslut hos Försäkringskassan");
        await panel.GetByLabel("Styrgrupp som äger uppföljningen").SelectOptionAsync(new SelectOptionValue { Label = "Beredningsgruppen Höglandet" });
        await panel.GetByLabel("Vad styrgruppen har beslutat (frivilligt)").FillAsync("En gemensam checklista tas fram.");
        await panel.GetByLabel("Skäl", new() { Exact = true }).FillAsync("Bristen återkommer och behöver en gemensam rutin.");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Avsluta avvikelsen" }).ClickAsync();

        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Avslutad");
        await Expect(page.Locator("#history")).ToContainTextAsync("Kopplad till en strukturell uppföljning");
        Assert.Equal(reference, await Factory.ScalarAsync<string>("""
            SELECT r.reference FROM follow_ups f
            JOIN follow_up_reports l ON l.follow_up_id = f.id JOIN reports r ON r.id = l.report_id
            WHERE f.title = 'Överlämning vid avslut hos Försäkringskassan' AND f.decision = 'En gemensam checklista tas fram.'
            """));
        Assert.Empty(triager.ConsoleErrors);
    }

    [Fact]
    public async Task Without_scripts_the_close_form_shows_every_field_and_still_starts_a_new_follow_up()
    {
        var (id, _) = await AnsweredAsync();
        await using var triager = await NewSessionAsync(javaScriptEnabled: false);
        var page = triager.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await page.GotoAsync($"/triage/avvikelse/{id}");
        var panel = page.Locator("#action-close");
        await panel.Locator("summary").ClickAsync();

        await Expect(panel.GetByLabel("Dubblett av (bara vid dubblett)")).ToBeVisibleAsync();
        await Expect(panel.GetByLabel("Lämna över till (bara vid överlämning)")).ToBeVisibleAsync();
        await panel.GetByLabel("Går vidare till strukturell uppföljning", new() { Exact = true }).CheckAsync();
        await panel.GetByLabel("Strukturell uppföljning (bara vid strukturell uppföljning)").SelectOptionAsync(new SelectOptionValue { Label = "Starta en ny uppföljning" });
        await panel.GetByLabel("Vad gäller uppföljningen?").FillAsync("Uppföljning utan skript");
        await panel.GetByLabel("Skäl", new() { Exact = true }).FillAsync("Behöver en gemensam rutin.");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Avsluta avvikelsen" }).ClickAsync();

        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Avslutad");
        Assert.Equal(1, await Factory.ScalarAsync<int>("""
            SELECT COUNT(*) FROM follow_ups f JOIN follow_up_reports l ON l.follow_up_id = f.id
            WHERE f.title = 'Uppföljning utan skript' AND l.report_id = @Id
            """, new { Id = id }));
    }

    [Fact]
    public async Task The_duplicate_picker_searches_the_associations_reports_by_words_and_closes_as_a_duplicate_of_a_hit()
    {
        var (id, _) = await FileAsync("Vid Kvarnbäcken glömdes överlämningen till Försäkringskassan bort helt.");
        var (original, originalReference) = await FileAsync("Handläggaren vid Kvarnbäcken missade överlämningen till Försäkringskassan.");
        await _workflow.StepAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." });

        await using var triager = await NewSessionAsync();
        var page = triager.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await page.GotoAsync($"/triage/avvikelse/{id}");
        var panel = page.Locator("#action-close");
        await panel.Locator("summary").ClickAsync();
        await panel.GetByLabel("Dubblett av en annan avvikelse", new() { Exact = true }).CheckAsync();
        await panel.GetByLabel("Sök bland förbundets avvikelser").FillAsync("Kvarnbäcken missade");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Sök", Exact = true }).ClickAsync();

        await Expect(page.Locator("#duplicate-search-result")).ToHaveTextAsync("1 träff för ”Kvarnbäcken missade”: välj i listan ovan.");
        await Expect(panel.GetByLabel("Dubblett av en annan avvikelse", new() { Exact = true })).ToBeCheckedAsync();
        await page.AuditAsync("triage-dubblettsok");
        await panel.GetByLabel("Dubblett av (bara vid dubblett)").SelectOptionAsync(new SelectOptionValue { Value = original.ToString() });
        Assert.StartsWith(originalReference, await panel.GetByLabel("Dubblett av (bara vid dubblett)").Locator("option:checked").TextContentAsync());
        await panel.GetByLabel("Skäl", new() { Exact = true }).FillAsync("Samma händelse som den andra.");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Avsluta avvikelsen" }).ClickAsync();

        await Expect(page.Locator("#report-status")).ToHaveTextAsync("Avslutad");
        Assert.Equal(original, await Factory.ScalarAsync<Guid>("SELECT duplicate_of_report_id FROM reports WHERE id = @Id", new { Id = id }));
        Assert.Empty(triager.ConsoleErrors);
    }

    [Fact]
    public async Task People_are_named_in_the_history_and_forms_start_from_the_signed_in_users_memberships()
    {
        // First, before the test's filing makes the demo reporter act for the fixture's party too: with one party, the form starts from it.
        await using var reporter = await NewSessionAsync();
        var page = reporter.Page;
        await page.SignInAsDemoAsync(DemoSeed.ReporterEmail);
        await page.GotoAsync("/anmalan");
        await Expect(page.Locator("form[data-personal-number-check]")).ToContainTextAsync("Samordningsförbund: Samordningsförbundet Höglandet");
        await Expect(page.GetByLabel("Din organisation", new() { Exact = true }).Locator("option:checked")).ToHaveTextAsync("Nässjö kommun");

        var (id, reference) = await FileAsync();

        await using var triager = await NewSessionAsync();
        page = triager.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await page.GotoAsync($"/triage/avvikelse/{id}");
        await page.ActAsync("Påbörja beredning", "Tydlig brist i överlämningen mellan parterna.");
        await page.ActAsync("Skicka till part", "Försäkringskassan behöver förklara.", async panel =>
        {
            await panel.GetByLabel("Part som ska svara").SelectOptionAsync(new SelectOptionValue { Label = "Försäkringskassan" });
            await panel.GetByLabel("Fråga till parten").FillAsync("Varför avslutades ärendet utan överlämning?");
        }, button: "Skicka till parten");
        var history = page.Locator("#history");
        await Expect(history.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Beredningen påbörjades" })).ToContainTextAsync("Av Tove Beredare");
        await Expect(history).Not.ToContainTextAsync(DemoSeed.TriagerEmail);
        await page.AuditAsync("triage-historik-namn");

        await using var responder = await NewSessionAsync();
        page = responder.Page;
        await page.SignInAsDemoAsync(DemoSeed.ResponderFkEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Expect(page.GetByLabel("Ditt namn")).ToHaveValueAsync("Frida Försäkringskassan");

        Assert.Empty(triager.ConsoleErrors.Concat(responder.ConsoleErrors).Concat(reporter.ConsoleErrors));
    }
}
