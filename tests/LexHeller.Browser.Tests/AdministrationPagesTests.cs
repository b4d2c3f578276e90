using System.Net.Http.Json;

namespace LexHeller.Browser.Tests;

/// <summary>
/// The administration pages (<c>/admin</c>) as the demo administrator uses them, each page's main path in Chromium,
/// every page checked with axe: where sign-in lands, steering groups and queues, routing rules and their preview,
/// contact persons, an API key shown once and revoked, and a dead notification sent again.
/// </summary>
public sealed class AdministrationPagesTests(BrowserFixture browser) : BrowserTests(browser)
{
    [Fact]
    public async Task The_administrator_lands_on_the_administration_and_the_analyst_on_the_statistics()
    {
        await using var admin = await NewSessionAsync();
        await admin.Page.SignInAsDemoAsync(DemoSeed.AdminEmail);
        Assert.Equal("/admin", new Uri(admin.Page.Url).AbsolutePath);
        await Expect(admin.Page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Administration" }))
            .ToBeVisibleAsync();
        await Expect(admin.Page.Locator(".admin-associations a")).ToHaveTextAsync(["Samordningsförbundet Höglandet", "Samordningsförbundet Jönköping"]);
        await admin.Page.AuditAsync("admin-start");

        await using var analyst = await NewSessionAsync();
        await analyst.Page.SignInAsDemoAsync(DemoSeed.AnalystEmail);
        Assert.Equal("/statistik", new Uri(analyst.Page.Url).AbsolutePath);
        await Expect(analyst.Page.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_steering_group_is_created_with_a_member_a_queue_and_its_next_meeting_and_the_member_removed()
    {
        await using var session = await NewSessionAsync();
        var page = await OpenAsync(session, "Styrgrupper, möten och köer");
        await page.AuditAsync("styrgrupper");

        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa styrgruppen" }).ClickAsync();
        await Expect(page.Locator(".error-summary li")).ToHaveTextAsync(["Skriv styrgruppens namn."]);
        await Expect(page.Locator("#NewGroup_Name-error")).ToHaveTextAsync("Fel: Skriv styrgruppens namn.");
        await page.AuditAsync("styrgrupp-namn-saknas");

        await page.GetByLabel("Styrgruppens namn").FillAsync("LSG Testgruppen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa styrgruppen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Styrgruppen LSG Testgruppen är skapad.");

        await page.Locator("#Member_GroupId").SelectOptionAsync(new SelectOptionValue { Label = "LSG Testgruppen" });
        await page.Locator("#Member_Email").FillAsync("Ny.Ledamot@Kommun.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till ledamoten" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Ny.Ledamot@Kommun.example är ledamot i styrgruppen.");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Ledamöter i LSG Testgruppen" })).ToContainTextAsync("ny.ledamot@kommun.example");

        await page.Locator("#Queue_GroupId").SelectOptionAsync(new SelectOptionValue { Label = "LSG Testgruppen" });
        await page.Locator("#Queue_Name").FillAsync("Testgruppens kö");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa kön" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Kön Testgruppens kö är skapad.");

        var meeting = LexHeller.Api.Infrastructure.SwedishCalendar.Today(Factory.Clock).AddDays(30);
        await page.Locator("#Meeting_GroupId").SelectOptionAsync(new SelectOptionValue { Label = "LSG Testgruppen" });
        await page.Locator("#Meeting_NextMeetingOn").FillAsync(meeting.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara mötesdatumet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Nästa möte är satt till");
        await page.AuditAsync("styrgrupp-skapad");

        // The next meeting is the calendar's first date from today on (docs/domain.md#steering-groups-queues-routing-rules).
        var group = await Factory.QueryAsync<(string Queue, string? NextMeeting)>("""
            SELECT q.name, (SELECT MIN(m.meeting_on) FROM steering_group_meetings m WHERE m.steering_group_id = g.id) AS next_meeting
            FROM steering_groups g JOIN queues q ON q.steering_group_id = g.id WHERE g.name = 'LSG Testgruppen'
            """);
        Assert.Equal(("Testgruppens kö", meeting.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), Assert.Single(group));

        await page.GetByRole(AriaRole.Button, new() { Name = "Ta bort ny.ledamot@kommun.example ur LSG Testgruppen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("ny.ledamot@kommun.example är inte längre ledamot i styrgruppen.");
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM steering_group_members WHERE user_key = 'ny.ledamot@kommun.example'"));
    }

    [Fact]
    public async Task A_rule_is_created_and_checked_with_the_preview_and_the_last_default_rule_cannot_be_deleted()
    {
        await using var session = await NewSessionAsync();
        var page = await OpenAsync(session, "Routningsregler");
        await page.AuditAsync("routning");

        // The preview of the seeded rules: in Nässjö, the category rule (priority 50) beats Nässjö's area rule (100); the default has fewer criteria.
        await page.Locator("#omrade").SelectOptionAsync(new SelectOptionValue { Label = "Nässjö" });
        await page.GetByLabel("Försäkringskassan").CheckAsync();
        await page.Locator("#kategori").SelectOptionAsync(new SelectOptionValue { Label = "Regelverk som går isär" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa vart avvikelsen går" }).ClickAsync();
        await Expect(page.Locator("#preview-outcome")).ToHaveTextAsync(
            "En avvikelse från Nässjö, med Försäkringskassan, i kategorin Regelverk som går isär hamnar i kön Beredningsgruppen Höglandet.");
        await Expect(page.Locator("#preview-rule")).ToContainTextAsync("Avgörande regel: Regelverk som går isär: beredningsgruppen.");
        var losing = page.GetByRole(AriaRole.Table, new() { Name = "Regler som också passar men inte avgör" });
        await Expect(losing.Locator("tbody th")).ToHaveTextAsync(["Nässjö: LSG Nässjö", "Allt annat: beredningsgruppen"]);
        await Expect(losing.Locator("tbody tr").First).ToContainTextAsync("lägre prioritetsnummer (50 mot 100)");
        await page.AuditAsync("forhandsgranskning");

        // A rule with two criteria for Nässjö's conflicting rules, to LSG Nässjö: the preview now names it.
        await page.GetByLabel("Beskrivning").FillAsync("Regelkrockar i Nässjö: LSG Nässjö");
        await page.Locator("#Rule_AreaCode").SelectOptionAsync(new SelectOptionValue { Label = "Nässjö" });
        await page.Locator("#Rule_Category").SelectOptionAsync(new SelectOptionValue { Label = "Regelverk som går isär" });
        await page.Locator("#Rule_Target").SelectOptionAsync(new SelectOptionValue { Label = "LSG Nässjö (LSG Nässjö)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa regeln" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Regeln ”Regelkrockar i Nässjö: LSG Nässjö” är skapad.");
        await page.GotoAsync("/admin/hoglandet/routning?omrade=nassjo&part=social-insurance&kategori=conflicting-rules");
        await Expect(page.Locator("#preview-outcome")).ToContainTextAsync("hamnar i kön LSG Nässjö.");
        await Expect(page.Locator("#preview-rule")).ToContainTextAsync("Regelkrockar i Nässjö: LSG Nässjö");
        await Expect(page.Locator("#preview-result tbody tr").First).ToContainTextAsync("fler villkor (2 mot 1)");

        // A rule without a target is refused next to the field.
        await page.GetByLabel("Beskrivning").FillAsync("Utan mål");
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa regeln" }).ClickAsync();
        await Expect(page.Locator("#Rule_Target-error")).ToContainTextAsync("Välj en kö, eller ett annat förbund att lämna över till.");
        await page.AuditAsync("regel-utan-mal");

        await page.GetByRole(AriaRole.Button, new() { Name = "Ta bort regeln Allt annat: beredningsgruppen" }).ClickAsync();
        await Expect(page.Locator(".error-summary li")).ToContainTextAsync("Regeln går inte att ta bort: den är förbundets enda standardregel");
        await page.AuditAsync("sista-standardregeln");

        await page.GetByRole(AriaRole.Button, new() { Name = "Ta bort regeln Regelkrockar i Nässjö: LSG Nässjö" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Regeln är borttagen.");
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM routing_rules WHERE description = 'Regelkrockar i Nässjö: LSG Nässjö'"));
    }

    [Fact]
    public async Task A_rule_that_matches_nothing_is_shown_as_unrouted_in_the_preview()
    {
        Factory.StartKestrel();
        await Factory.ExecuteAsync("DELETE FROM routing_rules WHERE association_id = (SELECT id FROM associations WHERE code = 'jonkoping')");
        await using var session = await NewSessionAsync();
        var page = session.Page;
        await page.SignInAsDemoAsync(DemoSeed.AdminEmail);

        await page.GotoAsync("/admin/jonkoping/routning?omrade=habo&kategori=catch-22");

        await Expect(page.Locator("#preview-outcome")).ToContainTextAsync("passar ingen regel. Den skulle bli utan kö");
        await page.AuditAsync("ingen-regel");
    }

    [Fact]
    public async Task A_contact_person_is_added_to_a_party_and_removed()
    {
        await using var session = await NewSessionAsync();
        var page = await OpenAsync(session, "Parter och kontaktpersoner");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Försäkringskassan" })).ToContainTextAsync(DemoSeed.ResponderFkEmail);
        await page.AuditAsync("parter");

        await page.Locator("#Contact_PartyId").SelectOptionAsync(new SelectOptionValue { Label = "Försäkringskassan" });
        await page.Locator("#Contact_Email").FillAsync("inte en adress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till kontaktpersonen" }).ClickAsync();
        await Expect(page.Locator("#Contact_Email-error")).ToContainTextAsync("Ange en giltig e-postadress");
        await page.AuditAsync("kontakt-fel-adress");

        await page.Locator("#Contact_Email").FillAsync("ny.kontakt@forsakringskassan.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lägg till kontaktpersonen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("ny.kontakt@forsakringskassan.example är kontaktperson för parten.");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Försäkringskassan" })).ToContainTextAsync("ny.kontakt@forsakringskassan.example");

        await page.GetByRole(AriaRole.Button, new() { Name = "Ta bort ny.kontakt@forsakringskassan.example som kontaktperson för Försäkringskassan" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("ny.kontakt@forsakringskassan.example är inte längre kontaktperson för parten.");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Försäkringskassan" })).Not.ToContainTextAsync("ny.kontakt@");
    }

    [Fact]
    public async Task A_new_API_key_is_shown_once_works_and_is_revoked_after_a_confirmation()
    {
        await using var session = await NewSessionAsync();
        var page = await OpenAsync(session, "API-nycklar");
        await page.AuditAsync("api-nycklar");

        await page.GetByLabel("Vad nyckeln är till för").FillAsync("Treserva, Nässjö kommun");
        await page.GetByLabel("Part", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Nässjö kommun" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa nyckeln" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kopiera nyckeln nu: den visas bara den här gången" })).ToBeVisibleAsync();
        var key = (await page.Locator("#new-key-value").TextContentAsync())!.Trim();
        await page.AuditAsync("ny-nyckel");
        var referenceData = await ReferenceDataSnapshot.LoadAsync(Factory.CreateClient());
        using (var filed = await Factory.CreateClient().WithApiKey(key).PostAsJsonAsync("/api/v1/reports", ReportBodies.ForNassjoKommun(referenceData)))
            Assert.Equal(System.Net.HttpStatusCode.Created, filed.StatusCode);

        // Never again: not on the next visit, not in the page's source.
        await page.ReloadAsync();
        await Expect(page.Locator("#new-key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Återkalla nyckeln Treserva, Nässjö kommun" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Återkalla API-nyckeln ”Treserva, Nässjö kommun”?");
        await page.AuditAsync("aterkalla");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ja, återkalla nyckeln" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("API-nyckeln är återkallad. Den fungerar inte längre.");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Treserva, Nässjö kommun" })).ToContainTextAsync("Återkallad");
        using var refused = await Factory.CreateClient().WithApiKey(key).PostAsJsonAsync("/api/v1/reports", ReportBodies.ForNassjoKommun(referenceData));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_dead_notification_is_listed_with_its_masked_error_and_sent_again()
    {
        Factory.StartKestrel();
        var id = await Factory.EnqueueDeadAsync(DemoSeed.HoglandetCode);
        await using var session = await NewSessionAsync();
        var page = await OpenAsync(session, "Ej levererade meddelanden");

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Meddelanden som inte kunde levereras, senaste först" });
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(table.Locator("tbody tr")).ToContainTextAsync("IOException: refused");
        Assert.DoesNotContain("kontakt@part.example", await page.ContentAsync(), StringComparison.Ordinal);
        await page.AuditAsync("meddelanden");

        await table.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Meddelandet skickas igen inom kort.");
        await Expect(page.GetByText("Alla meddelanden har levererats.")).ToBeVisibleAsync();
        Assert.Null((await Factory.RowAsync(id)).DeadAt);
    }

    /// <summary>As the demo administrator: the start, Höglandet's overview, then the page named in its navigation.</summary>
    private static async Task<IPage> OpenAsync(BrowserSession session, string navigation)
    {
        var page = session.Page;
        await page.SignInAsDemoAsync(DemoSeed.AdminEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Samordningsförbundet Höglandet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Samordningsförbundet Höglandet");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Administration av Samordningsförbundet Höglandet" })
            .GetByRole(AriaRole.Link, new() { Name = navigation }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(navigation);
        return page;
    }
}
