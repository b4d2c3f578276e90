using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
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
/// Where no page exists yet (creating an association, areas, parties, members' roles, reading the audit log), the same
/// person does it through the onboarding API, as a script of theirs would: a bearer token with their address and no
/// role claim, so that only the association's data decides. Move those steps onto the pages as the pages come.
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
            await ApiAsync(InstallationAdministrator, HttpMethod.Post, "/api/v1/admin/associations", new
            {
                code = Code,
                name = Name,
                referencePrefix = "VTR",
                allowsAnonymousIntake = false,
                administrators = new[] { Administrator },
            });
        }

        // The association's administrator signs in with the mailed link and sets the association up.
        await using var admin = await browser.NewSessionAsync(_app);
        var adminPage = admin.Page;
        Assert.Equal("/admin", await SignInByLinkAsync(adminPage, Administrator));
        await adminPage.GetByRole(AriaRole.Link, new() { Name = Name }).ClickAsync();
        await Expect(adminPage.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(Name);
        await adminPage.AuditAsync("fran-borjan-oversikt");

        // Areas and parties.
        foreach (var (code, name) in new[] { ("eksjo", "Eksjö"), ("aneby", "Aneby") })
            await ApiAsync(Administrator, HttpMethod.Post, $"/api/v1/admin/associations/{Code}/areas", new { code, name });
        var parties = new Dictionary<string, Guid>();
        foreach (var (kind, name, unit) in new[]
        {
            ("municipality", "Eksjö kommun", (string?)"Arbetsmarknadsenheten"),
            ("municipality", "Aneby kommun", null),
            ("region", "Region Jönköpings län", null),
            ("social-insurance", "Försäkringskassan", null),
            ("employment-service", "Arbetsförmedlingen", null),
        })
        {
            var party = await ApiAsync(Administrator, HttpMethod.Post, $"/api/v1/admin/associations/{Code}/parties", new { kind, name, unit });
            parties[name] = Guid.Parse(party!["id"]!.GetValue<string>());
        }

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

        // Members with roles: a reporter for Eksjö kommun, a responder for Försäkringskassan, an analyst.
        await ApiAsync(Administrator, HttpMethod.Put, $"/api/v1/admin/associations/{Code}/members/{Reporter}",
            new { roles = new[] { "reporter" }, partyIds = new[] { parties["Eksjö kommun"] } });
        await ApiAsync(Administrator, HttpMethod.Put, $"/api/v1/admin/associations/{Code}/members/{Responder}",
            new { roles = new[] { "responder" }, partyIds = new[] { parties["Försäkringskassan"] } });
        await ApiAsync(Administrator, HttpMethod.Put, $"/api/v1/admin/associations/{Code}/members/{Analyst}",
            new { roles = new[] { "analyst" }, partyIds = Array.Empty<Guid>() });

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

        // The audit log: each change, and who made it.
        var events = (await ApiAsync(Administrator, HttpMethod.Get, $"/api/v1/admin/associations/{Code}/audit-events?limit=200", null))!["events"]!.AsArray()
            .Select(entry => (Action: entry!["action"]!.GetValue<string>(), Actor: entry["actor"]!.GetValue<string>()))
            .ToList();
        Assert.Contains(("association.created", InstallationAdministrator), events);
        foreach (var (action, count) in new[]
        {
            ("area.created", 2), ("party.created", 5), ("category.created", 1), ("steering-group.created", 1),
            ("steering-group.meetings-replaced", 2), ("queue.created", 2), ("steering-group-member.added", 1),
            ("member.updated", 3), ("party-contact.added", 1), ("routing-rule.created", 2), ("api-client.created", 1),
        })
        {
            Assert.True(events.Count(entry => entry == (action, Administrator)) >= count,
                $"{action} by {Administrator}: {events.Count(entry => entry == (action, Administrator))}, not {count}; the log: {string.Join(", ", events)}");
        }
    }

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

    /// <summary>The onboarding API, as the signed-in user would call it from a script (a bearer token with the address, no role claim).</summary>
    private async Task<JsonNode?> ApiAsync(string email, HttpMethod method, string path, object? body)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create([new System.Security.Claims.Claim("email", email)]));
        if (body is not null)
            request.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
