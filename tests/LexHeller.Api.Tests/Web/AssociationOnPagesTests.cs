using System.Text.RegularExpressions;

namespace LexHeller.Api.Tests.Web;

/// <summary>
/// The association is visible on the pages: its name in the header where a page belongs to it, links in every
/// footer to its accessibility statement and personal-data notice (the installation's lists where a page belongs
/// to none), the two statement pages themselves, and the report form's link beside the contact fields.
/// </summary>
public sealed partial class AssociationOnPagesTests : WorkflowTests
{
    private const string Hoglandet = "Samordningsförbundet Höglandet";
    private const string Jonkoping = "Samordningsförbundet Jönköping";

    [GeneratedRegex("id=\"page-association\">([^<]*)<")]
    private static partial Regex HeaderAssociation();

    [GeneratedRegex("<a id=\"footer-accessibility\" href=\"([^\"]*)\">Tillgänglighetsredogörelse</a>")]
    private static partial Regex FooterAccessibility();

    [GeneratedRegex("<a id=\"footer-personal-data\" href=\"([^\"]*)\">Så behandlar vi dina personuppgifter</a>")]
    private static partial Regex FooterPersonalData();

    [GeneratedRegex("<h1>(.*?)</h1>", RegexOptions.Singleline)]
    private static partial Regex Heading();

    /// <summary>The association's name in the page's header; null when the header names none.</summary>
    private static string? Named(string page) =>
        HeaderAssociation().Match(page) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    /// <summary>Where the page's footer links to the two statements; a page without both links fails here.</summary>
    private static (string Accessibility, string PersonalData) FooterLinks(string page)
    {
        var (accessibility, personalData) = (FooterAccessibility().Match(page), FooterPersonalData().Match(page));
        Assert.True(accessibility.Success && personalData.Success, "The footer does not link to both statements.");
        return (WebUtility.HtmlDecode(accessibility.Groups[1].Value), WebUtility.HtmlDecode(personalData.Groups[1].Value));
    }

    /// <summary>The header names <paramref name="association"/> (null: none) and the footer links to its statements (the lists when none).</summary>
    private static void BelongsTo(string page, string? association, string? code)
    {
        Assert.Equal(association, Named(page));
        var query = code is null ? "" : $"?forbund={code}";
        Assert.Equal(($"/tillganglighet{query}", $"/personuppgifter{query}"), FooterLinks(page));
    }

    [Theory]
    [InlineData("/anmalan?forbund=hoglandet", Hoglandet, "hoglandet")]
    [InlineData("/anmalan?forbund=jonkoping", Jonkoping, "jonkoping")]
    [InlineData("/tillganglighet?forbund=hoglandet", Hoglandet, "hoglandet")]
    [InlineData("/personuppgifter?forbund=jonkoping", Jonkoping, "jonkoping")]
    [InlineData("/", null, null)]
    [InlineData("/anmalan", null, null)]
    [InlineData("/kvitto", null, null)]
    [InlineData("/logga-in", null, null)]
    [InlineData("/logga-in/demo", null, null)]
    [InlineData("/tillganglighet", null, null)]
    [InlineData("/personuppgifter", null, null)]
    public async Task A_page_anyone_opens_names_the_association_it_belongs_to_and_links_the_footer_to_its_statements(string path, string? association, string? code)
    {
        var page = await Factory.CreatePageClient().GetPageAsync(path);

        BelongsTo(page, association, code);
    }

    [Theory]
    [InlineData("/sidan-finns-inte", HttpStatusCode.NotFound)]
    [InlineData("/ingen-behorighet", HttpStatusCode.Forbidden)]
    public async Task An_error_page_links_its_footer_to_the_statements_and_names_no_association(string path, HttpStatusCode status)
    {
        using var response = await Factory.CreatePageClient().GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        BelongsTo(await response.Content.ReadAsStringAsync(), null, null);
    }

    [Fact]
    public async Task The_receipt_belongs_to_its_report_s_association_and_the_form_after_filing_to_the_one_chosen()
    {
        var association = await PrefixedAssociation.CreateAsync(Factory, "prefixat", "HL");
        var client = Factory.CreatePageClient();

        using var filed = await client.PostFormAsync($"/anmalan?forbund={association.Code}", association.FormFields(Guid.NewGuid().ToString("N")), "/anmalan");
        var thanks = await filed.Content.ReadAsStringAsync();
        var code = Regex.Match(thanks, "id=\"receipt-code\" class=\"code-box\">([^<]+)<").Groups[1].Value;
        var receipt = await client.GetPageAsync($"/kvitto/{code}");

        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        Assert.Contains("med nummer <strong>HL-2026-00001</strong>", thanks, StringComparison.Ordinal);
        BelongsTo(thanks, association.Name, association.Code);
        Assert.Contains("Avvikelse HL-2026-00001", receipt, StringComparison.Ordinal);
        BelongsTo(receipt, association.Name, association.Code);
    }

    [Fact]
    public async Task The_steering_group_s_and_the_party_s_pages_belong_to_the_report_s_association()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 0));
        await Workflow.StepAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        var referralId = await Factory.ScalarAsync<Guid>("SELECT id FROM referrals WHERE report_id = @Id", new { Id = id });
        var queueId = await Factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = id });
        var admin = Factory.CreatePageClient();
        await admin.SignInAsync(DemoSeed.AdminEmail);
        var triager = Factory.CreatePageClient();
        await triager.SignInAsync(DemoSeed.TriagerEmail);
        var party = Factory.CreatePageClient();
        await party.SignInAsync(DemoSeed.ResponderFkEmail);

        // The administrator of both demo associations: the report's association where the page shows a report.
        BelongsTo(await admin.GetPageAsync($"/triage/avvikelse/{id}"), Hoglandet, "hoglandet");
        BelongsTo(await triager.GetPageAsync($"/triage/avvikelse/{id}"), Hoglandet, "hoglandet");
        BelongsTo(await triager.GetPageAsync($"/triage/ko/{queueId}"), Hoglandet, "hoglandet");
        BelongsTo(await party.GetPageAsync($"/part/remiss/{referralId}"), Hoglandet, "hoglandet");
        BelongsTo(await admin.GetPageAsync("/statistik?forbund=jonkoping"), Jonkoping, "jonkoping");
    }

    [Fact]
    public async Task A_page_of_no_association_names_the_signed_in_user_s_only_association_and_none_for_a_user_of_two()
    {
        var triager = Factory.CreatePageClient();
        await triager.SignInAsync(DemoSeed.TriagerEmail);
        var party = Factory.CreatePageClient();
        await party.SignInAsync(DemoSeed.ResponderFkEmail);
        var admin = Factory.CreatePageClient();
        await admin.SignInAsync(DemoSeed.AdminEmail);

        BelongsTo(await triager.GetPageAsync("/"), Hoglandet, "hoglandet");
        BelongsTo(await triager.GetPageAsync("/triage"), Hoglandet, "hoglandet");
        BelongsTo(await party.GetPageAsync("/part"), Hoglandet, "hoglandet");
        // Höglandet and Jönköping: the service's name only, and the installation's lists.
        BelongsTo(await admin.GetPageAsync("/"), null, null);
    }

    [Fact]
    public async Task The_report_form_links_to_the_association_s_personal_data_notice_beside_the_contact_fields()
    {
        var page = await Factory.CreatePageClient().GetPageAsync("/anmalan?forbund=jonkoping");

        const string link = "<a id=\"personal-data-notice\" href=\"/personuppgifter?forbund=jonkoping\" target=\"_blank\" rel=\"noopener\">"
            + "Så behandlar vi dina personuppgifter (öppnas i en ny flik)</a>";
        var (heading, at, name) = (page.IndexOf("<h2>Dina kontaktuppgifter (frivilligt)</h2>", StringComparison.Ordinal),
            page.IndexOf(link, StringComparison.Ordinal), page.IndexOf("<label for=\"Input_ContactName\">", StringComparison.Ordinal));
        Assert.True(heading >= 0 && heading < at && at < name, "The link is not between the contact section's heading and its first field.");
    }

    [Fact]
    public async Task An_association_s_written_statements_are_shown_as_its_own()
    {
        var client = Factory.CreatePageClient();

        var statement = await client.GetPageAsync("/tillganglighet?forbund=hoglandet");
        var notice = await client.GetPageAsync("/personuppgifter?forbund=hoglandet");

        Assert.Equal($"Tillgänglighetsredogörelse för {Hoglandet}", WebUtility.HtmlDecode(Heading().Match(statement).Groups[1].Value));
        Assert.Contains("<p>Hur tillgänglig är tjänsten?<br>Tjänsten är byggd för att uppfylla WCAG 2.1 på nivå AA.", statement, StringComparison.Ordinal);
        Assert.Contains("kontakta Digg och påtala det: <a href=\"https://www.digg.se\">https://www.digg.se</a></p>", statement, StringComparison.Ordinal);
        Assert.Equal($"Så behandlar {Hoglandet} dina personuppgifter", WebUtility.HtmlDecode(Heading().Match(notice).Groups[1].Value));
        Assert.Contains("<p>Hur länge sparas uppgifterna?<br>Dina kontaktuppgifter tas bort tolv månader efter att avvikelsen har avslutats.", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"notice-missing\"", statement + notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_association_that_has_not_written_its_statements_is_said_not_to_have_published_them_with_what_they_must_contain()
    {
        // Only blanks count as nothing written.
        await Factory.ExecuteAsync("UPDATE associations SET personal_data_notice = '  \n ' WHERE code = 'jonkoping'");
        var client = Factory.CreatePageClient();

        var statement = await client.GetPageAsync("/tillganglighet?forbund=jonkoping");
        var notice = await client.GetPageAsync("/personuppgifter?forbund=jonkoping");

        Assert.Contains($"<p>{Jonkoping} har ännu inte publicerat någon tillgänglighetsredogörelse för den här tjänsten.</p>", statement, StringComparison.Ordinal);
        Assert.Contains("<h2>Vad en tillgänglighetsredogörelse ska innehålla</h2>", statement, StringComparison.Ordinal);
        Assert.Contains("lagen (2018:1937) om tillgänglighet till digital offentlig service", statement, StringComparison.Ordinal);
        Assert.Contains("Myndigheten för digital förvaltning (Digg)", statement, StringComparison.Ordinal);
        Assert.Contains($"<p>{Jonkoping} har ännu inte publicerat någon information om hur personuppgifter behandlas i den här tjänsten.</p>", notice, StringComparison.Ordinal);
        Assert.Contains("<h2>Vad informationen ska innehålla</h2>", notice, StringComparison.Ordinal);
        Assert.Contains("Integritetsskyddsmyndigheten (IMY)", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"notice-text\"", statement + notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_s_text_is_shown_as_text_with_its_paragraphs_line_breaks_and_web_addresses()
    {
        await Factory.ExecuteAsync("UPDATE associations SET personal_data_notice = @Text WHERE code = 'jonkoping'", new
        {
            Text = "Rad ett <script>alert(1)</script>\r\nRad två \"citat\" & mer\n\n\n  Stycke två: https://example.se/a?b=1&c=2.\n"
                + "javascript:alert(1) <a href=\"javascript:alert(1)\">länk</a> http://exempel.se/sida)",
        });

        var page = await Factory.CreatePageClient().GetPageAsync("/personuppgifter?forbund=jonkoping");

        Assert.Contains("<div class=\"notice-text\" id=\"notice-text\"><p>Rad ett &lt;script&gt;alert(1)&lt;/script&gt;<br>Rad två &quot;citat&quot; &amp; mer</p>"
            + "<p>Stycke två: <a href=\"https://example.se/a?b=1&amp;c=2\">https://example.se/a?b=1&amp;c=2</a>.<br>"
            + "javascript:alert(1) &lt;a href=&quot;javascript:alert(1)&quot;&gt;länk&lt;/a&gt; <a href=\"http://exempel.se/sida\">http://exempel.se/sida</a>)</p></div>",
            page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_association_the_statement_pages_list_every_association_with_a_link_to_its_own_text()
    {
        var client = Factory.CreatePageClient();

        var statements = await client.GetPageAsync("/tillganglighet");
        var notices = await client.GetPageAsync("/personuppgifter");

        foreach (var (page, path) in new[] { (statements, "/tillganglighet"), (notices, "/personuppgifter") })
        {
            Assert.Contains("Varje förbund som använder tjänsten", page, StringComparison.Ordinal);
            Assert.Contains($"<li><a href=\"{path}?forbund=hoglandet\">{Hoglandet}</a></li>", page, StringComparison.Ordinal);
            Assert.Contains($"<li><a href=\"{path}?forbund=jonkoping\">{Jonkoping}</a> (inte publicerad ännu)</li>", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_statement_page_for_an_association_that_does_not_exist_is_not_found()
    {
        using var response = await Factory.CreatePageClient().GetAsync("/tillganglighet?forbund=finns-inte");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
