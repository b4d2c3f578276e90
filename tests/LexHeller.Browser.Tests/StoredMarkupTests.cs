using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LexHeller.Browser.Tests;

/// <summary>
/// Markup typed into any free-text field stays text on every page. One report carries hostile markup
/// (<see cref="HostileMarkup.For"/>) in every field a reporter, a triager, a party and an administrator can fill
/// and a page shows; each page is then opened as the user who sees it, with the page's Content-Security-Policy
/// bypassed, so that what is proved is the escaping and not the policy: no script ran, no dialog opened, no
/// element was injected, and every text reads exactly as typed. The forms shown again after a refusal, the
/// error page and addresses with markup in their query string are opened the same way. The page routes come
/// from the app's endpoint data source: a page the test does not open fails it.
/// </summary>
public sealed class StoredMarkupTests(BrowserFixture browser) : BrowserTests(browser)
{
    private const string ErrorPage = "/fel";

    private readonly List<string> _problems = [];
    private readonly HashSet<string> _covered = new(StringComparer.Ordinal);

    [Fact]
    public async Task Markup_stored_in_every_free_text_field_is_shown_as_text_on_every_page()
    {
        Factory.StartKestrel();
        var workflow = new Workflow(Factory);
        var admin = Factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        var referenceData = await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous);

        // The administrator: a steering group, its queue (the triager a member) and a rule that routes the report there.
        var groupName = HostileMarkup.For("[styrgrupp]");
        var queueName = HostileMarkup.For("[kö]");
        var ruleDescription = HostileMarkup.For("[regel]");
        var group = await CreatedIdAsync(admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/steering-groups",
            new { name = groupName, nextMeetingOn = "2026-12-10" }));
        var queue = await CreatedIdAsync(admin.PostAsJsonAsync($"/api/v1/admin/steering-groups/{group}/queues", new { name = queueName }));
        await SucceedsAsync(admin.PutAsync($"/api/v1/admin/steering-groups/{group}/members/{DemoSeed.TriagerEmail}", null));
        await SucceedsAsync(admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/routing-rules",
            new { areaCode = "eksjo", category = "conflicting-rules", queueId = queue, description = ruleDescription }));

        // The reporter: every text of the report and of the contact (fixture 8 is Eksjö, conflicting rules).
        var report = ReportTexts.Hostile("", "rapportor");
        var body = ReportBodies.FromFixture(referenceData, 8, new JsonObject
        {
            ["name"] = report.ContactName,
            ["role"] = report.ContactRole,
            ["email"] = report.ContactEmail,
            ["phone"] = "0380-51 80 00",
            ["anonymousToParties"] = false,
        });
        body["description"] = report.Description;
        body["consequence"] = report.Consequence;
        body["actionsTaken"] = report.ActionsTaken;
        body["suggestedImprovement"] = report.SuggestedImprovement;
        var (id, token, reference) = await workflow.FileAsync(body);

        var triageReason = HostileMarkup.For("[skäl beredning]");
        var question = HostileMarkup.For("[fråga rapportör]");
        var askReason = HostileMarkup.For("[skäl fråga]");
        await workflow.StepAsync(id, "triage", new { reason = triageReason });
        await workflow.StepAsync(id, "information-requests", new { question, reason = askReason });

        // The reporter reads the question on the receipt and answers it there.
        await using var reporter = await OpenSessionAsync();
        var receiptPage = "/kvitto/{token}";
        var reply = HostileMarkup.For("[svar rapportör]");
        await VisitAsync(reporter, receiptPage, $"/kvitto/{token}", "kvitto-fraga", question);
        await reporter.Page.GetByLabel("Ditt svar").FillAsync(reply);
        await reporter.Page.GetByRole(AriaRole.Button, new() { Name = "Skicka svaret" }).ClickAsync();
        await Expect(reporter.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tack! Ditt svar är skickat till styrgruppen.");
        await CheckAsync(reporter, receiptPage, "kvitto-svarat", question, reply);

        // Försäkringskassan: the referral, an answer refused for a missing role, then sent.
        var referralQuestion = HostileMarkup.For("[fråga part]");
        var referReason = HostileMarkup.For("[skäl remiss]");
        await workflow.StepAsync(id, "referrals", new { partyId = await workflow.PartyIdAsync("Försäkringskassan"), question = referralQuestion, reason = referReason });
        var answer = new
        {
            Cause = HostileMarkup.For("[orsak]"),
            Actions = HostileMarkup.For("[åtgärder]"),
            FollowUpPlan = HostileMarkup.For("[uppföljning]"),
            ResponderName = HostileMarkup.For("[svarare]"),
            ResponderRole = HostileMarkup.For("[svararroll]"),
        };
        string[] reportAsPartiesSee = [.. report.All, referralQuestion];
        await using var responder = await OpenSessionAsync();
        var page = responder.Page;
        await page.SignInAsDemoAsync(DemoSeed.ResponderFkEmail);
        await CheckAsync(responder, "/part", "part-inkorg");
        await page.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await Expect(page.Locator("#referral-question")).ToHaveTextAsync(referralQuestion);
        var referralPage = "/part/remiss/{id:guid}";
        await CheckAsync(responder, referralPage, "part-remiss", reportAsPartiesSee);
        await page.GetByLabel("Varför blev det så?").FillAsync(answer.Cause);
        await page.GetByLabel("Vad har ni gjort, eller vad ska ni göra?").FillAsync(answer.Actions);
        await page.GetByLabel("Hur följer ni upp att det blir bättre?").FillAsync(answer.FollowUpPlan);
        await page.GetByLabel("Ditt namn").FillAsync(answer.ResponderName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka svaret" }).ClickAsync();
        await Expect(page.Locator("#Input_ResponderRole-error")).ToBeVisibleAsync();
        await CheckAsync(responder, referralPage, "part-svar-igen", [.. reportAsPartiesSee, answer.Cause, answer.Actions, answer.FollowUpPlan, answer.ResponderName]);
        await page.GetByLabel("Din roll").FillAsync(answer.ResponderRole);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka svaret" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Tack! Svaret är skickat till styrgruppen.");
        await CheckAsync(responder, referralPage, "part-besvarad",
            [.. reportAsPartiesSee, answer.Cause, answer.Actions, answer.FollowUpPlan, answer.ResponderName, answer.ResponderRole]);

        // The steering group, the report answered: a note, a follow-up (which only closing an answered report offers), a
        // refused closing, whose form is shown again with what was typed.
        var note = HostileMarkup.For("[anteckning]");
        var followUpTitle = HostileMarkup.For("[uppföljning titel]");
        await SucceedsAsync(workflow.Triager.PostAsJsonAsync($"/api/v1/reports/{id}/notes", new { text = note }));
        await SucceedsAsync(workflow.Triager.PostAsJsonAsync("/api/v1/follow-ups",
            new { associationCode = "hoglandet", title = followUpTitle, ownerGroupId = group, reportIds = new[] { id } }));
        await using var triager = await OpenSessionAsync();
        page = triager.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await CheckAsync(triager, "/triage", "koer", groupName, queueName);
        await VisitAsync(triager, "/triage/ko/{id:guid}", $"/triage/ko/{queue}", "ko", groupName, queueName);
        string[] answeredReport =
        [
            .. reportAsPartiesSee, queueName, ruleDescription, triageReason, question, askReason, reply, referReason,
            answer.Cause, answer.Actions, answer.FollowUpPlan, answer.ResponderName, answer.ResponderRole, note,
        ];
        var reportPage = "/triage/avvikelse/{id:guid}";
        await VisitAsync(triager, reportPage, $"/triage/avvikelse/{id}", "avvikelse-besvarad", [.. answeredReport, followUpTitle]);
        var typedMessage = HostileMarkup.For("[besked igen]");
        var typedReason = HostileMarkup.For("[skäl igen]");
        await page.ActAsync("Avsluta", typedReason,
            panel => panel.GetByLabel("Besked till rapportören").FillAsync(typedMessage), button: "Avsluta avvikelsen");
        await Expect(page.Locator("#Close_Resolution-error")).ToBeVisibleAsync();
        await CheckAsync(triager, reportPage, "avsluta-igen", [.. answeredReport, followUpTitle, typedMessage, typedReason]);

        // Closed with a word to the reporter, a summary published, reopened: every reason is in the history.
        var closeMessage = HostileMarkup.For("[besked]");
        var closeReason = HostileMarkup.For("[skäl avslut]");
        var publishReason = HostileMarkup.For("[skäl publicering]");
        var reopenReason = HostileMarkup.For("[skäl återöppning]");
        await workflow.StepAsync(id, "closure", new { resolution = "answered", messageToReporter = closeMessage, reason = closeReason });
        await workflow.StepAsync(id, "publication", new { summary = HostileMarkup.For("[sammanfattning]"), reason = publishReason });
        await workflow.StepAsync(id, "reopening", new { reason = reopenReason });
        await VisitAsync(triager, reportPage, $"/triage/avvikelse/{id}", "avvikelse-ateroppnad",
            [.. answeredReport, closeMessage, closeReason, publishReason, reopenReason]);

        // The statistics page with markup in every filter field, a chart, an export.
        var from = HostileMarkup.For("[från]");
        var to = HostileMarkup.For("[till]");
        await VisitAsync(triager, "/statistik",
            $"/statistik?forbund=hoglandet&omrade={Escaped("[område]")}&fran={Uri.EscapeDataString(from)}&till={Uri.EscapeDataString(to)}&intervall={Escaped("[intervall]")}",
            "statistik-filter", from, to);
        await VisitAsync(triager, "/statistik/diagram/{chart}.{format}", "/statistik/diagram/pareto.svg?forbund=hoglandet", "diagram");
        await DownloadAsync(triager, "/statistik/export/{file}.{format}", "/statistik/export/avvikelser.csv?forbund=hoglandet");
        await VisitAsync(triager, ErrorPage, $"/triage/ko/{queue}?status={Escaped("[status]")}", "ko-fel-status");
        // The member's own notification choice (immediately or a daily digest), which shows no stored text.
        await VisitAsync(triager, "/triage/installningar", "/triage/installningar", "aviseringar");
        await VisitAsync(triager, "/logga-ut", "/logga-ut", "logga-ut");

        // The administrator's pages: the group, its queue, the rule (also as the preview's choice) and a key, each of markup.
        var keyName = HostileMarkup.For("[nyckel]");
        var key = await CreatedIdAsync(admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/api-clients",
            new { name = keyName, partyId = await workflow.PartyIdAsync("Försäkringskassan") }));
        await using var administrator = await OpenSessionAsync();
        page = administrator.Page;
        await page.SignInAsDemoAsync(DemoSeed.AdminEmail);
        await CheckAsync(administrator, "/admin", "admin-start");
        // Where sign-in returns: a redirect to the page of the user's role, which shows nothing itself.
        await page.GotoAsync("/inloggad");
        await CheckAsync(administrator, "/admin", "admin-landning");
        _covered.Add("/inloggad");
        await VisitAsync(administrator, "/admin/{code}", "/admin/hoglandet", "admin-oversikt", groupName);
        await VisitAsync(administrator, "/admin/{code}/styrgrupper", "/admin/hoglandet/styrgrupper", "admin-styrgrupper", groupName, queueName);
        await VisitAsync(administrator, "/admin/{code}/routning", "/admin/hoglandet/routning?omrade=eksjo&kategori=conflicting-rules", "admin-routning",
            ruleDescription, queueName, groupName);
        await VisitAsync(administrator, "/admin/{code}/routning",
            $"/admin/hoglandet/routning?omrade={Escaped("[område]")}&part={Escaped("[part]")}&kategori={Escaped("[kategori]")}", "admin-routning-fel");
        await VisitAsync(administrator, "/admin/{code}/parter", "/admin/hoglandet/parter", "admin-parter");
        await VisitAsync(administrator, "/admin/{code}/api-nycklar", "/admin/hoglandet/api-nycklar", "admin-nycklar", keyName);
        await VisitAsync(administrator, "/admin/{code}/api-nycklar/{id:guid}/aterkalla", $"/admin/hoglandet/api-nycklar/{key}/aterkalla", "admin-aterkalla", keyName);
        await VisitAsync(administrator, "/admin/{code}/meddelanden", "/admin/hoglandet/meddelanden", "admin-meddelanden");
        // A party named with markup, a member who reports for it, and the audit log that records both.
        var partyName = HostileMarkup.For("[part]");
        var partyUnit = HostileMarkup.For("[enhet]");
        var hostileParty = await CreatedIdAsync(admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/parties",
            new { kind = "other", name = partyName, unit = partyUnit }));
        await SucceedsAsync(admin.PutAsJsonAsync("/api/v1/admin/associations/hoglandet/members/markup.member@demo.lexheller.example",
            new { roles = new[] { "reporter" }, partyIds = new[] { hostileParty } }));
        await VisitAsync(administrator, "/admin/{code}/parter", $"/admin/hoglandet/parter?andra={hostileParty}", "admin-parter-andra", partyName, partyUnit);
        await VisitAsync(administrator, "/admin/{code}/medlemmar", "/admin/hoglandet/medlemmar", "admin-medlemmar", partyName, groupName);
        await VisitAsync(administrator, "/admin/{code}/granskningslogg", "/admin/hoglandet/granskningslogg", "admin-granskningslogg",
            partyName, partyUnit, groupName, queueName);

        // The reporter's receipt at the end: the group's question, the reply, the closing word, the party's answer.
        await VisitAsync(reporter, receiptPage, $"/kvitto/{token}", "kvitto-slut",
            question, reply, closeMessage, answer.Cause, answer.Actions, answer.FollowUpPlan, answer.ResponderRole);

        // The report form, shown again after a refusal with everything typed, then sent.
        await using var anonymous = await OpenSessionAsync();
        page = anonymous.Page;
        await VisitAsync(anonymous, "/anmalan", $"/anmalan?forbund={Escaped("[förbund]")}", "anmalan-forbund");
        await VisitAsync(anonymous, "/anmalan", "/anmalan?forbund=hoglandet", "anmalan");
        var typed = ReportTexts.Hostile("formulär ", "formular");
        await page.FillReportAsync(new Site.ReportInput(Description: typed.Description, Consequence: typed.Consequence));
        await page.GetByLabel("Område", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = "" });
        await page.GetByLabel("Vad har redan gjorts? (frivilligt)").FillAsync(typed.ActionsTaken);
        await page.GetByLabel("Hur kan det bli bättre? (frivilligt)").FillAsync(typed.SuggestedImprovement);
        await page.GetByLabel("Ditt namn").FillAsync(typed.ContactName);
        await page.GetByLabel("Din roll").FillAsync(typed.ContactRole);
        await page.GetByLabel("E-post").FillAsync(typed.ContactEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka avvikelsen" }).ClickAsync();
        await Expect(page.Locator("#Input_AreaCode-error")).ToBeVisibleAsync();
        await CheckAsync(anonymous, "/anmalan", "anmalan-igen", typed.All);
        await page.GetByLabel("Område", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Nässjö" });
        await page.SendReportAsync();
        await CheckAsync(anonymous, "/anmalan", "anmalan-mottagen");

        // The receipt code typed wrong, the pages that show no stored text, and the error page for addresses with markup.
        var code = HostileMarkup.For("[kod]");
        await VisitAsync(anonymous, "/kvitto", "/kvitto", "kvitto-sok");
        await page.GetByLabel("Kod").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa kvittot" }).ClickAsync();
        await Expect(page.Locator("#Code-error")).ToBeVisibleAsync();
        await CheckAsync(anonymous, "/kvitto", "kvitto-sok-igen", code);
        var returnUrl = "/" + HostileMarkup.For("[returnUrl]");
        await VisitAsync(anonymous, "/logga-in", $"/logga-in?returnUrl={Uri.EscapeDataString(returnUrl)}", "logga-in");
        await VisitAsync(anonymous, "/logga-in/demo", $"/logga-in/demo?returnUrl={Uri.EscapeDataString(returnUrl)}", "demokonto", returnUrl);
        var address = HostileMarkup.For("[e-post]");
        await page.GotoAsync("/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(address);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka inloggningslänk" }).ClickAsync();
        await Expect(page.Locator("#Email-error")).ToBeVisibleAsync();
        await CheckAsync(anonymous, "/logga-in", "logga-in-e-post-igen", address);
        await VisitAsync(anonymous, "/logga-in/e-post/skickad", "/logga-in/e-post/skickad", "lank-skickad");
        await VisitAsync(anonymous, "/logga-in/lank/{token}", "/logga-in/lank/okand-lank", "lank");
        await VisitAsync(anonymous, "/", "/", "start");
        await VisitAsync(anonymous, "/ingen-behorighet", "/ingen-behorighet", "ingen-behorighet");
        await VisitAsync(anonymous, ErrorPage, $"/fel?status={Escaped("[fel]")}", "fel");
        await VisitAsync(anonymous, ErrorPage, $"/{Escaped("[adress]")}", "fel-adress");
        await VisitAsync(anonymous, ErrorPage, $"/kvitto/{Escaped("[kvittokod]")}", "fel-kvitto");

        // The association's own statements, as its administrators wrote them, and a statement page for an association named with markup.
        var statement = HostileMarkup.For("[tillgänglighetsredogörelse]");
        var notice = HostileMarkup.For("[personuppgifter]");
        await Factory.ExecuteAsync("UPDATE associations SET accessibility_statement = @Statement, personal_data_notice = @Notice WHERE code = 'hoglandet'",
            new { Statement = statement, Notice = notice });
        await VisitAsync(anonymous, "/tillganglighet", "/tillganglighet?forbund=hoglandet", "tillganglighet", statement);
        await VisitAsync(anonymous, "/personuppgifter", "/personuppgifter?forbund=hoglandet", "personuppgifter", notice);
        await VisitAsync(anonymous, ErrorPage, $"/tillganglighet?forbund={Escaped("[förbund]")}", "fel-tillganglighet");
        // The settings page shows both statements in its text areas, as the administrators wrote them.
        await VisitAsync(administrator, "/admin/{code}/installningar", "/admin/hoglandet/installningar", "admin-installningar", statement, notice);
        // The administrator's pages: an own category with every text hostile, and the hostile group's meetings.
        var categoryLabel = HostileMarkup.For("[kategori]");
        var categoryDescription = HostileMarkup.For("[kategoribeskrivning]");
        var categoryNotice = HostileMarkup.For("[kategorimeddelande]");
        await SucceedsAsync(admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/categories",
            new { code = "fientlig-kategori", label = categoryLabel, description = categoryDescription, notice = categoryNotice }));
        await VisitAsync(administrator, "/admin/{code}/kategorier", "/admin/hoglandet/kategorier", "admin-kategorier", categoryLabel, categoryNotice);
        await VisitAsync(administrator, "/admin/{code}/kategorier/{categoryCode}", "/admin/hoglandet/kategorier/fientlig-kategori", "admin-kategori",
            categoryLabel, categoryDescription, categoryNotice);
        await VisitAsync(administrator, "/admin/{code}/styrgrupper/{id:guid}/moten", $"/admin/hoglandet/styrgrupper/{group}/moten", "admin-moten", groupName);
        await VisitAsync(anonymous, "/anmalan", "/anmalan?forbund=hoglandet", "anmalan-egen-kategori", categoryLabel, categoryDescription, categoryNotice);
        // The areas page with an area named with markup (also a choice in its rename form).
        var areaName = HostileMarkup.For("[områdesnamn]");
        await SucceedsAsync(admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/areas", new { code = "fientligt-omrade", name = areaName }));
        await VisitAsync(administrator, "/admin/{code}/omraden", "/admin/hoglandet/omraden", "admin-omraden", areaName);
        // The association's response templates, titled and written with markup.
        var templateTitle = HostileMarkup.For("[mallnamn]");
        var templateBody = HostileMarkup.For("[malltext]");
        await SucceedsAsync(admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/response-templates",
            new { purpose = "question", title = templateTitle, body = templateBody }));
        await VisitAsync(administrator, "/admin/{code}/mallar", "/admin/hoglandet/mallar", "admin-mallar", templateTitle);
        // The administrator's import page, which shows no stored text (ImportPageTests uploads a register to it).
        await VisitAsync(administrator, "/admin/{code}/import", "/admin/hoglandet/import", "import");

        var pages = PageRoutes.All(Factory.Services);
        var unopened = pages.Except(_covered).Order().ToList();
        var unknown = _covered.Except(pages).Order().ToList();
        Assert.True(_problems.Count == 0 && unopened.Count == 0 && unknown.Count == 0, string.Join('\n', [
            .. _problems.Count == 0 ? Array.Empty<string>() : ["Markup was not shown as text:", .. _problems],
            .. unopened.Count == 0 ? Array.Empty<string>()
                : [$"Pages the test does not open: {string.Join(", ", unopened)}. Open each as a user who may see it, with the texts it shows."],
            .. unknown.Count == 0 ? Array.Empty<string>() : [$"Routes the test names that are no page of the app: {string.Join(", ", unknown)}."],
        ]));
    }

    /// <summary>A report's texts and its reporter's, as a reporter fills them in.</summary>
    private sealed record ReportTexts(
        string Description, string Consequence, string ActionsTaken, string SuggestedImprovement, string ContactName, string ContactRole, string ContactEmail)
    {
        /// <summary>Each text hostile, labelled <c>[{prefix}field]</c>; the e-mail address's local part ends with <paramref name="mailbox"/>.</summary>
        public static ReportTexts Hostile(string prefix, string mailbox) => new(
            HostileMarkup.For($"[{prefix}vad hände]"), HostileMarkup.For($"[{prefix}följd]"), HostileMarkup.For($"[{prefix}redan gjort]"),
            HostileMarkup.For($"[{prefix}förslag]"), HostileMarkup.For($"[{prefix}namn]"), HostileMarkup.For($"[{prefix}roll]"),
            HostileMarkup.Email(mailbox));

        public string[] All => [Description, Consequence, ActionsTaken, SuggestedImprovement, ContactName, ContactRole, ContactEmail];
    }

    private static string Escaped(string label) => Uri.EscapeDataString(HostileMarkup.For(label));

    /// <summary>A session that does not enforce the pages' CSP, and that counts any dialog as a problem.</summary>
    private async Task<BrowserSession> OpenSessionAsync()
    {
        var session = await NewSessionAsync(bypassContentSecurityPolicy: true);
        session.Page.Dialog += async (_, dialog) =>
        {
            lock (_problems)
                _problems.Add($"{session.Page.Url}: a {dialog.Type} dialog opened: {dialog.Message}");
            await dialog.DismissAsync();
        };
        return session;
    }

    private async Task VisitAsync(BrowserSession session, string route, string pathAndQuery, string step, params string[] expected)
    {
        await session.Page.GotoAsync(pathAndQuery);
        await CheckAsync(session, route, step, expected);
    }

    /// <summary>Probes the page as it is now, notes what it finds, and counts <paramref name="route"/> as opened.</summary>
    private async Task CheckAsync(BrowserSession session, string route, string step, params string[] expected)
    {
        var address = new Uri(session.Page.Url).PathAndQuery;
        // The error page is shown at the address that failed.
        Assert.True(route == ErrorPage || PageRoutes.Matches(route, address), $"{step}: {address} is not the page {route}.");
        // A chart is an SVG document, which Chromium does not take full-page screenshots of.
        if (await session.Page.EvaluateAsync<string>("document.contentType") == "text/html")
            await session.ScreenshotAsync(step);
        foreach (var problem in await session.Page.ProblemsAsync(expected))
        {
            lock (_problems)
                _problems.Add($"{route} ({step}, {address}): {problem}");
        }

        _covered.Add(route);
    }

    /// <summary>A download is a file, never a page: it must say so, so that no browser renders it as HTML.</summary>
    private async Task DownloadAsync(BrowserSession session, string route, string pathAndQuery)
    {
        Assert.True(PageRoutes.Matches(route, pathAndQuery), $"{pathAndQuery} is not the page {route}.");
        var response = await session.Context.APIRequest.GetAsync(pathAndQuery);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("attachment", response.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.DoesNotContain("html", response.Headers["content-type"], StringComparison.OrdinalIgnoreCase);
        _covered.Add(route);
    }

    private static async Task<Guid> CreatedIdAsync(Task<HttpResponseMessage> sending)
    {
        var response = await SucceedsAsync(sending);
        return (Guid)(await response.ReadJsonAsync())["id"]!;
    }

    private static async Task<HttpResponseMessage> SucceedsAsync(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: "
            + $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }
}
