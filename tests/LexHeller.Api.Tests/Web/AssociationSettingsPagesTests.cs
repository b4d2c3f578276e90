using LexHeller.Api.Features.Admin;

namespace LexHeller.Api.Tests.Web;

/// <summary>
/// The onboarding pages (issue 18): on <c>/admin</c> an installation administrator lists the installation's
/// associations and creates one with its first administrator; <c>/admin/{code}/installningar</c> keeps the
/// association's settings and notices; <c>/admin/{code}/omraden</c> its areas. Through plain HTTP, as a
/// browser without JavaScript: refusals come back as Swedish messages next to the fields.
/// </summary>
public sealed class AssociationSettingsPagesTests : IAsyncLifetime
{
    private const string Hoglandet = DemoSeed.HoglandetCode;

    // The reporter administers no association; here the installation names them its administrator.
    private const string Installer = DemoSeed.ReporterEmail;

    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        [$"{InstallationAdministration.ConfigurationSection}:0"] = Installer,
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(email);
        return client;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static List<KeyValuePair<string, string>> NewAssociation(string code, string name, string prefix, string email) =>
    [
        new("NewAssociation.Code", code),
        new("NewAssociation.Name", name),
        new("NewAssociation.ReferencePrefix", prefix),
        new("NewAssociation.AllowsAnonymousIntake", "nej"),
        new("NewAssociation.AdministratorEmail", email),
    ];

    private static List<KeyValuePair<string, string>> Settings(string name, string prefix, string accessibility = "Vi följer WCAG 2.1 AA.") =>
    [
        new("Input.Name", name),
        new("Input.ReferencePrefix", prefix),
        new("Input.AllowsAnonymousIntake", "ja"),
        new("Input.AnswerDeadlineDays", "45"),
        new("Input.SuppressionThreshold", "4"),
        new("Input.RecurrenceWindowDays", "200"),
        new("Input.RecurrenceThreshold", "5"),
        new("Input.AccessibilityStatement", accessibility),
        new("Input.PersonalDataNotice", "Vi behandlar inga personuppgifter i avvikelserna."),
    ];

    [Fact]
    public async Task An_installation_administrator_who_administers_no_association_lists_them_all_and_creates_one_with_its_administrator()
    {
        var installer = await SignedInAsync(Installer);

        var start = await installer.GetPageAsync("/admin");
        Assert.Contains("Skapa ett förbund", start, StringComparison.Ordinal);
        Assert.Contains(">hoglandet</td>", start, StringComparison.Ordinal);
        Assert.Contains(">jonkoping</td>", start, StringComparison.Ordinal);

        var code = Unique("vattern");
        using var created = await installer.PostFormAsync("/admin",
            NewAssociation(code, "Samordningsförbundet Vättern", "VAT", "forsta.admin@vattern.example"), "/admin?handler=createassociation");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin", created.Headers.Location!.OriginalString);

        var after = await installer.GetPageAsync("/admin");
        Assert.Contains("Förbundet Samordningsförbundet Vättern är skapat. Dess administratör forsta.admin@vattern.example kan nu logga in", after, StringComparison.Ordinal);
        Assert.Contains($">{code}</td>", after, StringComparison.Ordinal);
        Assert.Equal(1, await _factory.ScalarAsync<int>("""
            SELECT COUNT(*) FROM member_roles r JOIN associations a ON a.id = r.association_id
            WHERE a.code = @Code AND r.user_key = 'forsta.admin@vattern.example' AND r.role = 'admin'
            """, new { Code = code }));
    }

    [Fact]
    public async Task A_new_association_with_a_taken_code_and_a_bad_prefix_is_refused_in_Swedish_next_to_the_fields()
    {
        var installer = await SignedInAsync(Installer);

        using var refused = await installer.PostFormAsync("/admin",
            NewAssociation(Hoglandet, "Samordningsförbundet Vättern", "vat", "forsta.admin@vattern.example"), "/admin?handler=createassociation");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(["Prefixet ska vara 2–6 versaler A–Z eller siffror, till exempel ”HOG”."], PageForms.ErrorSummary(await refused.Content.ReadAsStringAsync()));

        using var taken = await installer.PostFormAsync("/admin",
            NewAssociation(Hoglandet, "Samordningsförbundet Vättern", "VAT", "forsta.admin@vattern.example"), "/admin?handler=createassociation");
        var page = await taken.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(["Det finns redan ett förbund med den koden. Välj en annan kod."], PageForms.ErrorSummary(page));
        Assert.Contains("id=\"NewAssociation_Code-error\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_association_administrator_who_does_not_administer_the_installation_sees_no_new_association_form_and_may_not_post_one()
    {
        var admin = await SignedInAsync(DemoSeed.AdminEmail);

        var start = await admin.GetPageAsync("/admin");
        Assert.Contains($"href=\"/admin/{Hoglandet}\"", start, StringComparison.Ordinal);
        Assert.DoesNotContain("Skapa ett förbund", start, StringComparison.Ordinal);

        var token = await admin.AntiforgeryTokenAsync($"/admin/{Hoglandet}/omraden");
        using var denied = await admin.PostAsync("/admin?handler=createassociation", new FormUrlEncodedContent(
            [.. NewAssociation(Unique("egen"), "Eget förbund", "EGN", DemoSeed.AdminEmail), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/ingen-behorighet", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM associations WHERE name = 'Eget förbund'"));
    }

    [Fact]
    public async Task An_administrator_saves_the_settings_and_notices_and_the_page_shows_them()
    {
        var admin = await SignedInAsync(DemoSeed.AdminEmail);
        var path = $"/admin/{Hoglandet}/installningar";
        Assert.Contains("Samordningsförbundet", await admin.GetPageAsync(path), StringComparison.Ordinal);

        using var saved = await admin.PostFormAsync(path, Settings("Samordningsförbundet Höglandet i Jönköpings län", "HOGL"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var page = WebUtility.HtmlDecode(await admin.GetPageAsync(path));
        Assert.Contains("Inställningarna är sparade.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Samordningsförbundet Höglandet i Jönköpings län\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"HOGL\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"45\"", page, StringComparison.Ordinal);
        Assert.Contains("Vi följer WCAG 2.1 AA.</textarea>", page, StringComparison.Ordinal);
        Assert.Equal(200, await _factory.ScalarAsync<int>("SELECT recurrence_window_days FROM associations WHERE code = @Hoglandet", new { Hoglandet }));
    }

    [Fact]
    public async Task Settings_with_a_personal_number_in_a_notice_a_bad_prefix_and_an_unreadable_number_are_refused_next_to_the_fields()
    {
        var admin = await SignedInAsync(DemoSeed.AdminEmail);
        var path = $"/admin/{Hoglandet}/installningar";

        using var refused = await admin.PostFormAsync(path,
            Settings("Samordningsförbundet Höglandet", "hog-1", "Kontakta 19121212-1212 om du har frågor."));
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(["Prefixet ska vara 2–6 versaler A–Z eller siffror, till exempel ”HOG”.", LexHeller.Api.Web.FormErrors.PersonalNumberMessage], PageForms.ErrorSummary(page));
        Assert.Contains("id=\"Input_ReferencePrefix-error\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"Input_AccessibilityStatement-error\"", page, StringComparison.Ordinal);

        using var unreadable = await admin.PostFormAsync(path,
            [.. Settings("Samordningsförbundet Höglandet", "HOG").Where(field => field.Key != "Input.AnswerDeadlineDays"), new("Input.AnswerDeadlineDays", "sextio")]);
        Assert.Equal(["Svarstiden ska vara ett helt antal dagar från 1 till 365."], PageForms.ErrorSummary(await unreadable.Content.ReadAsStringAsync()));
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM associations WHERE accessibility_statement LIKE '%19121212%'"));
    }

    [Fact]
    public async Task An_analyst_is_denied_the_settings_and_areas_pages()
    {
        var analyst = await SignedInAsync(DemoSeed.AnalystEmail);
        foreach (var path in new[] { $"/admin/{Hoglandet}/installningar", $"/admin/{Hoglandet}/omraden" })
        {
            using var response = await analyst.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/ingen-behorighet", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_administrator_adds_an_area_and_renames_it_and_a_taken_code_is_refused_in_Swedish()
    {
        var admin = await SignedInAsync(DemoSeed.AdminEmail);
        var path = $"/admin/{Hoglandet}/omraden";
        var code = Unique("tranas");

        using var added = await admin.PostFormAsync(path, [new("NewArea.Code", code), new("NewArea.Name", "Tranås kommun")], $"{path}?handler=create");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var list = await admin.GetPageAsync(path);
        Assert.Contains("Området Tranås kommun är tillagt.", WebUtility.HtmlDecode(list), StringComparison.Ordinal);
        Assert.Contains($">{code}</td>", list, StringComparison.Ordinal);

        using var renamed = await admin.PostFormAsync(path, [new("Rename.Code", code), new("Rename.Name", "Tranås")], $"{path}?handler=rename");
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Equal("Tranås", await _factory.ScalarAsync<string>("SELECT name FROM areas WHERE code = @Code", new { Code = code }));

        using var taken = await admin.PostFormAsync(path, [new("NewArea.Code", code), new("NewArea.Name", "Tranås igen")], $"{path}?handler=create");
        var page = await taken.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(["Förbundet har redan ett område med den koden. Välj en annan kod."], PageForms.ErrorSummary(page));
        Assert.Contains("id=\"NewArea_Code-error\"", page, StringComparison.Ordinal);
    }
}
