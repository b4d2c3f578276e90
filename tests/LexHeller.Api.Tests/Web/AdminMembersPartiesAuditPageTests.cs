using System.Text.RegularExpressions;
using LexHeller.Api.Features.Admin;

namespace LexHeller.Api.Tests.Web;

/// <summary>
/// The administration pages for parties, members and the audit log through plain HTTP, signed in as the demo
/// administrator of Höglandet: each form's main path (post, redirect, the page shows the change) and a refusal in Swedish.
/// </summary>
public sealed class AdminMembersPartiesAuditPageTests : IAsyncLifetime
{
    private const string Parties = $"/admin/{DemoSeed.HoglandetCode}/parter";
    private const string Members = $"/admin/{DemoSeed.HoglandetCode}/medlemmar";
    private const string AuditLog = $"/admin/{DemoSeed.HoglandetCode}/granskningslogg";

    private readonly LexHellerApiFactory _factory = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = _factory.CreatePageClient();
        await _admin.SignInAsync(DemoSeed.AdminEmail);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_party_added_on_the_page_is_listed_with_its_kind_and_unit_and_its_name_can_be_changed()
    {
        using var created = await _admin.PostFormAsync(Parties,
            [new("NewParty.Kind", "social-insurance"), new("NewParty.Name", "Försäkringskassan Jönköping"), new("NewParty.Unit", "Lokalkontoret")],
            $"{Parties}?handler=CreateParty");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await _admin.GetPageAsync(Parties);
        Assert.Contains("Parten Försäkringskassan Jönköping är tillagd.", Decode(page));
        Assert.Contains("Försäkringskassan Jönköping, Lokalkontoret", Decode(page));

        var id = await _factory.ScalarAsync<Guid>("SELECT id FROM parties WHERE name = 'Försäkringskassan Jönköping'");
        var edit = Decode(await _admin.GetPageAsync($"{Parties}?andra={id}"));
        Assert.Contains("Ändra Försäkringskassan Jönköping, Lokalkontoret", edit);

        using var updated = await _admin.PostFormAsync($"{Parties}?andra={id}",
            [new("EditParty.PartyId", id.ToString()), new("EditParty.Kind", "other"), new("EditParty.Name", "FK Jönköping"), new("EditParty.Unit", "")],
            $"{Parties}?handler=UpdateParty");
        Assert.Equal(HttpStatusCode.Redirect, updated.StatusCode);
        Assert.Equal(1, await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM parties WHERE name = 'FK Jönköping' AND kind = 'other' AND unit IS NULL"));
        Assert.Contains("Parten FK Jönköping är ändrad.", Decode(await _admin.GetPageAsync(Parties)));
    }

    [Fact]
    public async Task A_party_with_a_name_the_association_already_has_is_refused_in_Swedish_next_to_the_name()
    {
        var before = await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM parties");

        using var response = await _admin.PostFormAsync(Parties,
            [new("NewParty.Kind", "municipality"), new("NewParty.Name", "Vetlanda kommun"), new("NewParty.Unit", "")],
            $"{Parties}?handler=CreateParty");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Decode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Det finns fel att rätta", page);
        Assert.Contains("id=\"NewParty_Name-error\"", page);
        Assert.Contains("Förbundet har redan en part med det namnet.", page);
        Assert.Equal(before, await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM parties"));
    }

    [Fact]
    public async Task A_party_without_a_kind_is_refused_next_to_the_kind()
    {
        using var response = await _admin.PostFormAsync(Parties,
            [new("NewParty.Kind", ""), new("NewParty.Name", "Utan slag"), new("NewParty.Unit", "")], $"{Parties}?handler=CreateParty");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Decode(await response.Content.ReadAsStringAsync());
        Assert.Contains("id=\"NewParty_Kind-error\"", page);
        Assert.Contains("Välj vilket slag av part det är.", page);
        Assert.Equal(0, await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM parties WHERE name = 'Utan slag'"));
    }

    [Fact]
    public async Task A_member_set_on_the_page_gets_exactly_the_roles_and_parties_chosen_and_is_listed_in_Swedish()
    {
        var party = await _factory.ScalarAsync<Guid>("SELECT id FROM parties WHERE name = 'Vetlanda kommun'");

        using var response = await _admin.PostFormAsync(Members,
            [new("Member.Email", "Ny.Medlem@vetlanda.example"), new("Member.Roles", "reporter"), new("Member.Roles", "analyst"), new("Member.PartyIds", party.ToString())],
            $"{Members}?handler=SetMember");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(["analyst", "reporter"], await RolesAsync("ny.medlem@vetlanda.example"));
        var page = Decode(await _admin.GetPageAsync(Members));
        Assert.Contains("ny.medlem@vetlanda.example har nu rollerna rapportör, analytiker.", page);
        Assert.Matches("<th scope=\"row\">ny.medlem@vetlanda.example</th>\\s*<td[^>]*>rapportör, analytiker</td>\\s*<td[^>]*>Vetlanda kommun</td>", page);

        var changed = Decode(await _admin.GetPageAsync($"{Members}?medlem=ny.medlem%40vetlanda.example"));
        Assert.Contains("value=\"analyst\" checked=\"checked\"", changed);
    }

    [Fact]
    public async Task A_reporter_without_a_party_is_refused_next_to_the_parties_and_nothing_is_stored()
    {
        using var response = await _admin.PostFormAsync(Members,
            [new("Member.Email", "utan.part@vetlanda.example"), new("Member.Roles", "reporter")], $"{Members}?handler=SetMember");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Decode(await response.Content.ReadAsStringAsync());
        Assert.Contains("id=\"Member_PartyIds-error\"", page);
        Assert.Contains("Välj minst en part som rapportören eller svaranden företräder.", page);
        Assert.Empty(await RolesAsync("utan.part@vetlanda.example"));
    }

    [Fact]
    public async Task A_member_removed_on_the_page_loses_their_roles()
    {
        using var set = await _admin.PostFormAsync(Members,
            [new("Member.Email", "tas.bort@vetlanda.example"), new("Member.Roles", "analyst")], $"{Members}?handler=SetMember");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);

        using var removed = await _admin.PostFormAsync(Members, [new("email", "tas.bort@vetlanda.example")], $"{Members}?handler=Remove");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Empty(await RolesAsync("tas.bort@vetlanda.example"));
        Assert.Contains("tas.bort@vetlanda.example är inte längre medlem i förbundet.", Decode(await _admin.GetPageAsync(Members)));
    }

    [Fact]
    public async Task Removing_the_last_administrator_is_refused_in_Swedish()
    {
        var admins = await _factory.ScalarAsync<long>("""
            SELECT COUNT(*) FROM member_roles r JOIN associations a ON a.id = r.association_id WHERE a.code = 'hoglandet' AND r.role = 'admin'
            """);
        Assert.Equal(1, admins);

        using var response = await _admin.PostFormAsync(Members, [new("email", DemoSeed.AdminEmail)], $"{Members}?handler=Remove");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"{DemoSeed.AdminEmail} är förbundets enda administratör och kan inte tas bort.", Decode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(["admin"], await RolesAsync(DemoSeed.AdminEmail));
    }

    [Fact]
    public async Task The_audit_log_shows_a_change_in_Swedish_with_its_fields_before_and_after_and_pages_to_older_events()
    {
        var id = await _factory.ScalarAsync<Guid>("SELECT id FROM parties WHERE name = 'Eksjö kommun'");
        using var updated = await _admin.PostFormAsync($"{Parties}?andra={id}",
            [new("EditParty.PartyId", id.ToString()), new("EditParty.Kind", "municipality"), new("EditParty.Name", "Eksjö kommun"), new("EditParty.Unit", "Socialtjänsten")],
            $"{Parties}?handler=UpdateParty");
        Assert.Equal(HttpStatusCode.Redirect, updated.StatusCode);

        var page = Decode(await _admin.GetPageAsync(AuditLog));

        Assert.Contains("Part ändrad: Eksjö kommun", page);
        Assert.Matches("<dt>Enhet</dt>\\s*<dd>\\s*<span class=\"visually-hidden\">Före: </span>Socialtjänsten|<dt>Enhet</dt>\\s*<dd>\\s*Socialtjänsten", page);
        Assert.Contains(DemoSeed.AdminEmail, page);
        Assert.DoesNotContain("\"unit\"", page);

        for (var i = 0; i < 55; i++)
        {
            using var created = await _admin.PostFormAsync(Parties,
                [new("NewParty.Kind", "other"), new("NewParty.Name", $"Part {i}"), new("NewParty.Unit", "")], $"{Parties}?handler=CreateParty");
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var newest = Decode(await _admin.GetPageAsync(AuditLog));
        var older = Regex.Match(newest, "href=\"(/admin/hoglandet/granskningslogg\\?fore=[0-9a-f-]{36})\">Äldre händelser</a>");
        Assert.True(older.Success, "The newest page links to older events.");
        var olderPage = Decode(await _admin.GetPageAsync(older.Groups[1].Value));
        var newestRows = Rows(newest);
        var olderRows = Rows(olderPage);
        Assert.Equal(ListAuditEvents.DefaultLimit, newestRows.Count);
        Assert.NotEmpty(olderRows);
        Assert.DoesNotContain(newestRows.Intersect(olderRows), row => row.StartsWith("Part skapad", StringComparison.Ordinal));
        Assert.Contains("Nyaste händelserna", olderPage);
    }

    private static List<string> Rows(string page) =>
        [.. Regex.Matches(page, "<th scope=\"row\">([^<]*)</th>").Select(match => match.Groups[1].Value)];

    private async Task<List<string>> RolesAsync(string email)
    {
        var roles = await _factory.ScalarAsync<string?>("""
            SELECT group_concat(r.role) FROM (SELECT role FROM member_roles m JOIN associations a ON a.id = m.association_id
            WHERE a.code = 'hoglandet' AND m.user_key = @Email ORDER BY role) r
            """, new { Email = email });
        return roles is null ? [] : [.. roles.Split(',')];
    }

    private static string Decode(string html) => WebUtility.HtmlDecode(html);
}
