using System.Globalization;
using System.Net;
using System.Text;
using LexHeller.Api.Tests.Notifications;
using MimeKit;

namespace LexHeller.Browser.Tests;

/// <summary>
/// The whole story from nothing, in Chromium: a Production instance with no demo seed and an empty database, an
/// installation administrator named in configuration, e-mail sign-in through a real SMTP server. The installation
/// administrator creates an association; its administrator sets it up; a reporter files a report that lands in the
/// queue the rules say, with the association's prefix; the audit log names each change and who made it. Every page
/// passed through is checked with axe.
/// <para>
/// Every step is done on the pages: the installation administrator creates the association on /admin; its
/// administrator adds areas, parties, members with their roles and the accessibility statement on the administration
/// pages, and reads the audit log on Granskningslogg.
/// </para>
/// </summary>
public sealed class SetUpFromNothingTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string InstallationAdministrator = "drift@lexheller.example";
    private const string Administrator = "forvaltare@vattern.example";
    private const string Reporter = "handlaggare@eksjo.example";
    private const string Responder = "kontakt@fk.example";
    private const string RegionContact = "samordnare@regionjonkoping.example";
    private const string Analyst = "analytiker@vattern.example";
    private const string Triager = "ledamot@vattern.example";
    private const string Code = "vattern";
    private const string Name = "Samordningsförbundet Vättern";
    private const string Notice = "Ett Lex Sarah-ärende anmäler du i din egen organisations avvikelsesystem, inte här.";
    private const string OwnCategory = "Glapp vid sjukskrivning";
    private const string EksjoQueue = "Eksjö: försäkring";
    private const string DefaultQueue = "Alla övriga";
    private const string EksjoRule = "Eksjö och Försäkringskassan till LSG";
    private const string AccessibilityStatement = "Samordningsförbundet Vättern har granskat Lex Heller mot WCAG 2.1 nivå AA. Brister meddelar du till förbundets kansli.";

    private readonly SmtpSink _sink = new();
    private LexHellerApiFactory _factory = null!;
    private Uri _app = null!;

    public async ValueTask InitializeAsync()
    {
        if (SmtpSink.Unavailable() is { } reason)
            Assert.Skip(reason);

        await _sink.StartAsync();
        // Production needs its public address before it starts: a port chosen now, where Kestrel will serve.
        var port = NodeProcess.FreeLoopbackPort();
        _factory = new LexHellerApiFactory(settings: new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Demo:Seed"] = "false",
            ["App:PublicBaseUrl"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["Administration:InstallationAdministrators:0"] = InstallationAdministrator,
            ["Authentication:EmailSignIn:Enabled"] = "true",
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = _sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:Smtp:UseStartTls"] = "false",
        });
        _app = _factory.StartKestrel(port);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task From_nothing_an_installation_administrator_creates_an_association_its_administrator_sets_it_up_and_a_report_lands_in_the_rules_queue_with_the_prefix_and_the_audit_log_names_each_change()
    {
        // Nothing there: no demo sign-in, no association.
        await using (var stranger = await browser.NewSessionAsync(_app))
        {
            var response = await stranger.Page.GotoAsync("/logga-in/demo");
            Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        }

        Assert.Equal(0, await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM associations"));

        // The installation administrator signs in with the mailed link and creates the association with its first administrator.
        await using (var installation = await browser.NewSessionAsync(_app))
        {
            var page = installation.Page;
            Assert.Equal("/admin", await SignInByLinkAsync(page, InstallationAdministrator));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Administration");
            await page.AuditAsync("fran-borjan-installation");
            await page.GetByLabel("Förbundets namn").FillAsync(Name);
            await page.GetByLabel("Kod", new() { Exact = true }).FillAsync(Code);
            await page.GetByLabel("Prefix för referenser").FillAsync("VTR");
            await page.GetByRole(AriaRole.Group, new() { Name = "Får anmälningar göras utan inloggning?" })
                .GetByLabel("Nej, bara inloggade").CheckAsync();
            await page.GetByLabel("Första administratörens e-postadress").FillAsync(Administrator);
            await page.GetByRole(AriaRole.Button, new() { Name = "Skapa förbundet" }).ClickAsync();
            await Expect(page.Locator(".notice[role=status]")).ToHaveTextAsync(
                $"Förbundet {Name} är skapat. Dess administratör {Administrator} kan nu logga in och ställa in förbundet.");
            await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Alla förbund i installationen" }).GetByRole(AriaRole.Row)
                .Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = Name, Exact = true }) })).ToContainTextAsync("VTR");
            await page.AuditAsync("fran-borjan-forbund-skapat");
        }

        // The association's administrator signs in with the mailed link and sets the association up.
        await using var admin = await browser.NewSessionAsync(_app);
        var adminPage = admin.Page;
        Assert.Equal("/admin", await SignInByLinkAsync(adminPage, Administrator));
        await adminPage.GetByRole(AriaRole.Link, new() { Name = Name }).ClickAsync();
        await Expect(adminPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Name);
        await adminPage.AuditAsync("fran-borjan-oversikt");

        // Areas and parties, on their pages.
        await adminPage.GotoAsync($"/admin/{Code}/omraden");
        foreach (var (code, name) in new[] { ("eksjo", "Eksjö"), ("aneby", "Aneby") })
        {
            await adminPage.GetByLabel("Områdets namn").FillAsync(name);
            await adminPage.GetByLabel("Kod", new() { Exact = true }).FillAsync(code);
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Lägg till området" }).ClickAsync();
            await Expect(adminPage.Locator(".notice[role=status]")).ToHaveTextAsync($"Området {name} är tillagt.");
        }

        foreach (var name in new[] { "Eksjö", "Aneby" })
        {
            await Expect(adminPage.GetByRole(AriaRole.Table, new() { Name = "Förbundets områden" })
                .GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }

        await adminPage.AuditAsync("fran-borjan-omraden");

        await adminPage.GotoAsync($"/admin/{Code}/parter");
        foreach (var (kind, name, unit) in new[]
        {
            ("municipality", "Eksjö kommun", (string?)"Arbetsmarknadsenheten"),
            ("municipality", "Aneby kommun", null),
            ("region", "Region Jönköpings län", null),
            ("social-insurance", "Försäkringskassan", null),
            ("employment-service", "Arbetsförmedlingen", null),
        })
        {
            await adminPage.GetByLabel("Slag av part").SelectOptionAsync(kind);
            await adminPage.GetByLabel("Partens namn").FillAsync(name);
            await adminPage.GetByLabel("Enhet (frivilligt)").FillAsync(unit ?? "");
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Lägg till parten" }).ClickAsync();
            await Expect(adminPage.Locator(".notice[role=status]")).ToHaveTextAsync($"Parten {name} är tillagd.");
        }

        await Expect(PartyRow(adminPage, "Eksjö kommun, Arbetsmarknadsenheten")).ToContainTextAsync("Ingen kontaktperson");
        await adminPage.AuditAsync("fran-borjan-parter-tillagda");

        // An own category with a notice.
        await adminPage.GotoAsync($"/admin/{Code}/kategorier");
        await adminPage.GetByLabel("Kod", new() { Exact = true }).FillAsync("glapp-sjukskrivning");
        await adminPage.GetByLabel("Namn", new() { Exact = true }).FillAsync(OwnCategory);
        await adminPage.GetByLabel("Beskrivning", new() { Exact = true }).FillAsync("Personen hamnar mellan sjukskrivning och arbetsmarknadsinsatser.");
        await adminPage.GetByLabel("Meddelande på formuläret (frivilligt)").FillAsync(Notice);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Lägg till kategorin" }).ClickAsync();
        await Expect(adminPage.Locator(".notice[role=status]")).ToHaveTextAsync($"Kategorin ”{OwnCategory}” är tillagd.");
        await adminPage.AuditAsync("fran-borjan-kategorier");

        // A steering group, its meetings on the calendar page, its two queues and a member (the triager).
        await adminPage.GotoAsync($"/admin/{Code}/styrgrupper");
        await adminPage.GetByLabel("Styrgruppens namn").FillAsync("LSG Eksjö");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Skapa styrgruppen" }).ClickAsync();
        await Expect(adminPage.GetByRole(AriaRole.Heading, new() { Name = "LSG Eksjö", Level = 2 })).ToBeVisibleAsync();
        foreach (var queue in new[] { EksjoQueue, DefaultQueue })
        {
            await adminPage.GetByLabel("Köns namn").FillAsync(queue);
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Skapa kön" }).ClickAsync();
            await Expect(adminPage.GetByText(queue, new() { Exact = false }).First).ToBeVisibleAsync();
        }

        await adminPage.GetByLabel("E-postadress").FillAsync(Triager);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Lägg till ledamoten" }).ClickAsync();
        await Expect(adminPage.GetByRole(AriaRole.Table, new() { Name = "Ledamöter i LSG Eksjö" })).ToContainTextAsync(Triager);
        await adminPage.AuditAsync("fran-borjan-styrgrupper");

        var group = await _factory.ScalarAsync<string>("SELECT id FROM steering_groups WHERE name = 'LSG Eksjö'");
        await adminPage.GotoAsync($"/admin/{Code}/styrgrupper/{group}/moten");
        foreach (var (date, shown) in new[] { ("2027-01-14", "14 januari 2027"), ("2027-03-11", "11 mars 2027") })
        {
            await adminPage.GetByLabel("Datum för mötet").FillAsync(date);
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Lägg till mötet" }).ClickAsync();
            await Expect(adminPage.Locator(".notice[role=status]")).ToHaveTextAsync($"Mötet {shown} är tillagt.");
        }

        await Expect(adminPage.Locator("tbody th")).ToHaveTextAsync(["14 januari 2027", "11 mars 2027"]);
        await adminPage.AuditAsync("fran-borjan-moten");

        // Members with roles, on their page: a reporter for Eksjö kommun, a responder for Försäkringskassan, an analyst.
        await adminPage.GotoAsync($"/admin/{Code}/medlemmar");
        foreach (var (email, role, party) in new[]
        {
            (Reporter, "rapportör", (string?)"Eksjö kommun, Arbetsmarknadsenheten"),
            (Responder, "svarande/kontaktperson", "Försäkringskassan"),
            (Analyst, "analytiker", null),
        })
        {
            await adminPage.GetByLabel("E-postadress").FillAsync(email);
            await adminPage.GetByRole(AriaRole.Group, new() { Name = "Roller" }).GetByLabel(role, new() { Exact = true }).CheckAsync();
            if (party is not null)
                await adminPage.GetByRole(AriaRole.Group, new() { Name = "Parter som medlemmen företräder" }).GetByLabel(party, new() { Exact = true }).CheckAsync();
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "Spara medlemmen" }).ClickAsync();
            await Expect(adminPage.Locator(".notice[role=status]")).ToHaveTextAsync($"{email} har nu rollerna {role}.");
            await Expect(MemberRow(adminPage, email)).ToContainTextAsync(role);
        }

        await Expect(MemberRow(adminPage, Reporter)).ToContainTextAsync("Eksjö kommun, Arbetsmarknadsenheten");
        await Expect(MemberRow(adminPage, Responder)).ToContainTextAsync("Försäkringskassan");
        await adminPage.AuditAsync("fran-borjan-medlemmar");

        // The responder is Försäkringskassan's contact person; the region gets one on the parties page.
        await adminPage.GotoAsync($"/admin/{Code}/parter");
        await Expect(PartyRow(adminPage, "Försäkringskassan")).ToContainTextAsync(Responder);
        await adminPage.GetByLabel("Part", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Region Jönköpings län" });
        await adminPage.GetByLabel("E-postadress").FillAsync(RegionContact);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Lägg till kontaktpersonen" }).ClickAsync();
        await Expect(PartyRow(adminPage, "Region Jönköpings län")).ToContainTextAsync(RegionContact);
        await adminPage.AuditAsync("fran-borjan-parter");

        // Routing rules: everything to the default queue, Eksjö with Försäkringskassan involved to its own; checked with the preview.
        await adminPage.GotoAsync($"/admin/{Code}/routning");
        await CreateRuleAsync(adminPage, "Allt annat", area: null, partyKind: null, queue: DefaultQueue, priority: "100");
        await CreateRuleAsync(adminPage, EksjoRule, area: "Eksjö", partyKind: "Försäkringskassan", queue: EksjoQueue, priority: "10");
        await adminPage.GetByLabel("Område", new() { Exact = true }).First.SelectOptionAsync(new SelectOptionValue { Label = "Eksjö" });
        await adminPage.GetByRole(AriaRole.Group, new() { Name = "Parter där samverkan brast" })
            .GetByLabel("Försäkringskassan", new() { Exact = true }).CheckAsync();
        await adminPage.Locator("#kategori").SelectOptionAsync(new SelectOptionValue { Label = OwnCategory });
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Visa vart avvikelsen går" }).ClickAsync();
        await Expect(adminPage.Locator("#preview-outcome")).ToContainTextAsync($"hamnar i kön {EksjoQueue}");
        await Expect(adminPage.Locator("#preview-rule")).ToContainTextAsync($"Avgörande regel: {EksjoRule}");
        await adminPage.AuditAsync("fran-borjan-routning");

        // An API key for Eksjö kommun's own system, shown once.
        await adminPage.GotoAsync($"/admin/{Code}/api-nycklar");
        await adminPage.GetByLabel("Vad nyckeln är till för").FillAsync("Treserva, Eksjö kommun");
        await adminPage.GetByLabel("Part", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Eksjö kommun, Arbetsmarknadsenheten" });
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Skapa nyckeln" }).ClickAsync();
        var key = (await adminPage.Locator("#new-key-value").TextContentAsync())!.Trim();
        Assert.False(string.IsNullOrEmpty(key));
        await adminPage.AuditAsync("fran-borjan-api-nyckel");
        await adminPage.ReloadAsync();
        await Expect(adminPage.Locator("#new-key-value")).ToHaveCountAsync(0);
        Assert.DoesNotContain(key, await adminPage.ContentAsync(), StringComparison.Ordinal);

        // The reporter signs in with the mailed link and files a report in the own category: its notice shows.
        string reference;
        await using (var reporter = await browser.NewSessionAsync(_app))
        {
            var page = reporter.Page;
            Assert.Equal("/anmalan", await SignInByLinkAsync(page, Reporter));
            await page.GotoAsync($"/anmalan?forbund={Code}");
            await Expect(page.Locator(".category-notice").Filter(new() { HasText = Notice })).ToBeHiddenAsync();
            await page.FillReportAsync(new Site.ReportInput(Area: "Eksjö", OwnParty: "Eksjö kommun, Arbetsmarknadsenheten",
                InvolvedParty: "Försäkringskassan", Category: OwnCategory));
            await Expect(page.Locator(".category-notice").Filter(new() { HasText = Notice })).ToBeVisibleAsync();
            await page.AuditAsync("fran-borjan-anmalan");
            (_, _, reference) = await page.SendReportAsync();
            Assert.Equal("VTR-2026-00001", reference);
        }

        // The triager signs in with the mailed link: the report is in Eksjö's queue, not the default one.
        await using (var triager = await browser.NewSessionAsync(_app))
        {
            var page = triager.Page;
            Assert.Equal("/triage", await SignInByLinkAsync(page, Triager));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Styrgruppens köer" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = EksjoQueue, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = reference })).ToBeVisibleAsync();
            await page.AuditAsync("fran-borjan-triage");
            await page.GotoAsync("/triage");
            await page.GetByRole(AriaRole.Link, new() { Name = DefaultQueue, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = reference })).ToHaveCountAsync(0);
        }

        // The association's accessibility statement, set on the settings page, is what the footer links to.
        await adminPage.GotoAsync($"/admin/{Code}/installningar");
        await adminPage.GetByLabel("Tillgänglighetsredogörelse").FillAsync(AccessibilityStatement);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Spara inställningarna" }).ClickAsync();
        await Expect(adminPage.Locator(".notice[role=status]")).ToHaveTextAsync("Inställningarna är sparade.");
        await adminPage.AuditAsync("fran-borjan-installningar");
        await adminPage.Locator("#footer-accessibility").ClickAsync();
        await Expect(adminPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Tillgänglighetsredogörelse för {Name}");
        await Expect(adminPage.Locator("#notice-text")).ToContainTextAsync(AccessibilityStatement);
        await adminPage.AuditAsync("fran-borjan-tillganglighet");

        // The audit log page: each change, and who made it.
        await adminPage.GotoAsync($"/admin/{Code}/granskningslogg");
        await Expect(adminPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Granskningslogg");
        await adminPage.AuditAsync("fran-borjan-granskningslogg");
        var events = new List<(string What, string Who)>();
        while (true)
        {
            foreach (var row in await adminPage.Locator("table.audit-log tbody tr").AllAsync())
            {
                var what = (await row.Locator("th").InnerTextAsync()).Trim();
                var who = (await row.Locator("td").Nth(1).InnerTextAsync()).Trim();
                events.Add((what, who));
            }

            var older = adminPage.GetByRole(AriaRole.Link, new() { Name = "Äldre händelser" });
            if (await older.CountAsync() == 0)
                break;
            await older.ClickAsync();
        }

        Assert.Contains(($"Förbund skapat: {Name}", InstallationAdministrator), events);
        foreach (var (action, count) in new[]
        {
            ("Område skapat", 2), ("Part skapad", 5), ("Kategori skapad", 1), ("Styrgrupp skapad", 1),
            ("Styrgruppens möten ändrade", 2), ("Kö skapad", 2), ("Ledamot tillagd i styrgrupp", 1),
            ("Medlemmens roller ändrade", 3), ("Kontaktperson tillagd", 1), ("Routningsregel skapad", 2), ("API-nyckel skapad", 1),
            ("Förbundets inställningar ändrade", 1),
        })
        {
            var made = events.Count(entry => entry.What.StartsWith($"{action}: ", StringComparison.Ordinal) && entry.Who == Administrator);
            Assert.True(made >= count, $"{action} by {Administrator}: {made}, not {count}; the log: {string.Join(", ", events)}");
        }

        foreach (var subject in new[] { "Område skapat: Eksjö", "Part skapad: Försäkringskassan", $"Medlemmens roller ändrade: {Reporter}" })
            Assert.Contains((subject, Administrator), events);
    }

    private static ILocator MemberRow(IPage page, string email) =>
        page.GetByRole(AriaRole.Table, new() { Name = "Förbundets medlemmar" }).GetByRole(AriaRole.Row)
            .Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = email, Exact = true }) });

    private static ILocator PartyRow(IPage page, string party) =>
        page.GetByRole(AriaRole.Table, new() { Name = "Förbundets parter" }).GetByRole(AriaRole.Row)
            .Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = party, Exact = true }) });

    private static async Task CreateRuleAsync(IPage page, string description, string? area, string? partyKind, string queue, string priority)
    {
        await page.GetByLabel("Beskrivning", new() { Exact = true }).FillAsync(description);
        await page.Locator("#Rule_AreaCode").SelectOptionAsync(new SelectOptionValue { Label = area ?? "Alla områden" });
        await page.Locator("#Rule_PartyKind").SelectOptionAsync(new SelectOptionValue { Label = partyKind ?? "Alla parter" });
        await page.GetByLabel("Vart avvikelserna går").SelectOptionAsync(new SelectOptionValue { Label = $"{queue} (LSG Eksjö)" });
        await page.GetByLabel("Prioritet", new() { Exact = true }).FillAsync(priority);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skapa regeln" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Förbundets regler, i den ordning de prövas" }).GetByRole(AriaRole.Rowheader, new() { Name = description }))
            .ToBeVisibleAsync();
    }

    /// <summary>Asks for a link on /logga-in, takes it from the SMTP server's mail and signs in with it; returns the path it lands on.</summary>
    private async Task<string> SignInByLinkAsync(IPage page, string email)
    {
        var before = MailsTo(email).Count;
        await page.GotoAsync("/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka inloggningslänk" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Titta i din e-post");

        var started = System.Diagnostics.Stopwatch.StartNew();
        while (MailsTo(email).Count <= before)
        {
            if (started.Elapsed > TimeSpan.FromSeconds(20))
                Assert.Fail($"No sign-in mail to {email} came.");
            await Task.Delay(100);
        }

        var mail = MailsTo(email)[^1];
        Assert.Equal("Din inloggningslänk till Lex Heller", mail.Subject);
        await page.GotoAsync(new Uri(_app, SignInMail.LinkPath(mail)).ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in", Exact = true }).ClickAsync();
        await Expect(page.Locator(".account")).ToContainTextAsync(email);
        return new Uri(page.Url).AbsolutePath;
    }

    private List<MimeMessage> MailsTo(string address) =>
        [.. _sink.Received().Where(message => message.Recipients.Contains(address))
            .Select(message => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(message.Raw!))))];
}
