using LexHeller.Api.Features.Admin;

namespace LexHeller.Api.Tests.Admin;

/// <summary>
/// Onboarding through the API (issue 18): the installation administrators create associations and their first
/// administrators, and nothing else; the association's administrators keep its settings, areas, parties and
/// members; every change is an event in its audit log.
/// </summary>
public sealed class OnboardingTests : IAsyncLifetime
{
    private const string Installation = "installation@lexheller.example";
    private const string NeighbourAdmin = "admin@jonkoping.example";

    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        [$"{InstallationAdministration.ConfigurationSection}:0"] = "  Installation@LexHeller.example ",
    });

    public async ValueTask InitializeAsync() => await GrantAsync(NeighbourAdmin, DemoSeed.NeighbourCode, "admin");

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    /// <summary>A caller set up to work before and after roles became data: the token's claim and the member_roles row.</summary>
    private HttpClient As(string email, string role = "admin") => _factory.CreateClient().WithBearer(TestTokens.For(role, email));

    private Task GrantAsync(string email, string association, string role) => _factory.ExecuteAsync("""
        INSERT INTO association_members (association_id, user_key) SELECT id, @Email FROM associations WHERE code = @Code
          AND NOT EXISTS (SELECT 1 FROM association_members m JOIN associations a ON a.id = m.association_id WHERE a.code = @Code AND m.user_key = @Email);
        INSERT INTO member_roles (association_id, user_key, role, requires_role_claim, granted_at)
        SELECT id, @Email, @Role, 0, '2026-11-24T09:00:00.0000000Z' FROM associations WHERE code = @Code;
        """, new { Email = email, Code = association, Role = role });

    private static JsonObject NewAssociation(string code, params string[] administrators) => new()
    {
        ["code"] = code,
        ["name"] = "Samordningsförbundet Vättern",
        ["referencePrefix"] = "VAT",
        ["allowsAnonymousIntake"] = true,
        ["answerDeadlineDays"] = 45,
        ["administrators"] = new JsonArray([.. administrators.Select(email => JsonValue.Create(email))]),
    };

    private async Task<(string Out, string Error, int Exit)> AdminCommandAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AdminCommand.RunAsync(arguments, _factory.Services, output, error, TestContext.Current.CancellationToken);
        return (output.ToString(), error.ToString(), exit);
    }

    private async Task<JsonArray> AuditAsync(HttpClient admin, string code) =>
        (await admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/associations/{code}/audit-events?limit=500"))!["events"]!.AsArray();

    [Fact]
    public async Task A_configured_installation_administrator_creates_an_association_with_its_first_administrator_who_then_administers_it()
    {
        var response = await As(Installation).PostAsJsonAsync("/api/v1/admin/associations", NewAssociation("vattern", "Forsta.Admin@Vattern.example"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/v1/admin/associations/vattern", response.Headers.Location?.OriginalString);
        var created = await response.ReadJsonAsync();
        Assert.Equal("VAT", (string)created["referencePrefix"]!);
        Assert.True((bool)created["allowsAnonymousIntake"]!);
        Assert.Equal(45, (int)created["answerDeadlineDays"]!);
        Assert.Equal(3, (int)created["suppressionThreshold"]!);
        Assert.Equal(180, (int)created["recurrenceWindowDays"]!);

        var first = As("forsta.admin@vattern.example");
        var members = (await first.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations/vattern/members"))!["members"]!.AsArray();
        var member = Assert.Single(members)!;
        Assert.Equal("forsta.admin@vattern.example", (string)member["email"]!);
        Assert.Equal(["admin"], member["roles"]!.AsArray().Select(role => (string)role!));
        var listed = (await first.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations"))!["associations"]!.AsArray();
        Assert.Equal(["vattern"], listed.Select(a => (string)a!["code"]!));

        var audit = await AuditAsync(first, "vattern");
        var creation = audit.Single(e => (string)e!["action"]! == "association.created")!;
        Assert.Equal(Installation, (string)creation["actor"]!);
        Assert.Null(creation["before"]);
        Assert.Equal("VAT", (string)creation["after"]!["referencePrefix"]!);
        var grant = audit.Single(e => (string)e!["action"]! == "member.updated")!;
        Assert.Equal(["admin"], grant["after"]!["roles"]!.AsArray().Select(role => (string)role!));
    }

    [Fact]
    public async Task The_command_grants_an_installation_administrator_once_records_it_and_they_may_create_associations()
    {
        var (output, _, exit) = await AdminCommandAsync("grant", "--email", "Granted@Example.se", "--installation");
        var (again, _, exitAgain) = await AdminCommandAsync("grant", "--email", "granted@example.se", "--installation");

        Assert.Equal((0, "Granted: granted@example.se is an installation administrator."), (exit, output.Trim()));
        Assert.Equal((0, "Unchanged: granted@example.se already is an installation administrator."), (exitAgain, again.Trim()));
        Assert.Equal(1, await _factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM audit_events WHERE association_id IS NULL AND action = 'installation-administrator.granted' AND entity_id = 'granted@example.se' AND actor = 'admin'"));
        Assert.Equal(HttpStatusCode.Created, (await As("granted@example.se").PostAsJsonAsync("/api/v1/admin/associations", NewAssociation("granskat"))).StatusCode);
    }

    [Fact]
    public async Task The_command_makes_an_association_administrator_from_the_shell_and_refuses_wrong_arguments()
    {
        var (output, _, exit) = await AdminCommandAsync("grant", "--email", "skal.admin@hoglandet.example", "--association", DemoSeed.HoglandetCode, "--role", "admin");
        var (_, usage, usageExit) = await AdminCommandAsync("grant", "--email", "x@example.se");
        var (_, unknown, unknownExit) = await AdminCommandAsync("grant", "--email", "x@example.se", "--association", "atlantis", "--role", "admin");

        Assert.Equal(0, exit);
        Assert.StartsWith("Granted: skal.admin@hoglandet.example is admin of hoglandet", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await As("skal.admin@hoglandet.example").GetAsync("/api/v1/admin/associations/hoglandet/areas")).StatusCode);
        Assert.Equal(2, usageExit);
        Assert.Contains("either --installation or --association", usage, StringComparison.Ordinal);
        Assert.Equal(1, unknownExit);
        Assert.Contains("no association with the code 'atlantis'", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_installation_administrator_creates_associations_and_a_taken_code_or_bad_prefix_is_refused()
    {
        await Problems.AssertProblemAsync(await _factory.Admin().PostAsJsonAsync("/api/v1/admin/associations", NewAssociation("egen")), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await As(Installation).PostAsJsonAsync("/api/v1/admin/associations", NewAssociation(DemoSeed.HoglandetCode)), HttpStatusCode.Conflict);
        var badPrefix = NewAssociation("prefix");
        badPrefix["referencePrefix"] = "vat-1";
        await Problems.AssertInvalidFieldAsync(await As(Installation).PostAsJsonAsync("/api/v1/admin/associations", badPrefix), "referencePrefix");
        var badCode = NewAssociation("Stora Förbundet");
        await Problems.AssertInvalidFieldAsync(await As(Installation).PostAsJsonAsync("/api/v1/admin/associations", badCode), "code");

        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM associations WHERE code IN ('egen', 'prefix')"));
    }

    [Fact]
    public async Task An_installation_administrator_does_nothing_else_and_makes_only_administrators()
    {
        var installation = As(Installation);

        await Problems.AssertProblemAsync(await installation.PatchAsJsonAsync("/api/v1/admin/associations/hoglandet", new JsonObject { ["name"] = "Kapat" }), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await installation.GetAsync("/api/v1/admin/associations/hoglandet/audit-events"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await installation.GetAsync("/api/v1/admin/associations/hoglandet/steering-groups"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await installation.PutAsJsonAsync("/api/v1/admin/associations/hoglandet/members/ny@example.se",
            new JsonObject { ["roles"] = new JsonArray("analyst"), ["partyIds"] = new JsonArray() }), HttpStatusCode.Forbidden);

        var admin = await installation.PutAsJsonAsync("/api/v1/admin/associations/hoglandet/members/ny.admin@example.se",
            new JsonObject { ["roles"] = new JsonArray("admin"), ["partyIds"] = new JsonArray() });
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(["admin"], (await admin.ReadJsonAsync())["roles"]!.AsArray().Select(role => (string)role!));
        Assert.Equal(HttpStatusCode.OK, (await installation.GetAsync("/api/v1/admin/associations/hoglandet")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_of_another_association_is_refused_and_nothing_changes()
    {
        var neighbour = As(NeighbourAdmin);
        var party = await _factory.PartyIdAsync("hoglandet", "Försäkringskassan");
        var before = await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM audit_events");

        HttpResponseMessage[] refused =
        [
            await neighbour.GetAsync("/api/v1/admin/associations/hoglandet"),
            await neighbour.PatchAsJsonAsync("/api/v1/admin/associations/hoglandet", new JsonObject { ["referencePrefix"] = "JKP" }),
            await neighbour.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/areas", new JsonObject { ["code"] = "kapad", ["name"] = "Kapad" }),
            await neighbour.PatchAsJsonAsync("/api/v1/admin/associations/hoglandet/areas/nassjo", new JsonObject { ["name"] = "Kapad" }),
            await neighbour.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/parties", new JsonObject { ["kind"] = "other", ["name"] = "Kapad" }),
            await neighbour.PatchAsJsonAsync($"/api/v1/admin/parties/{party}", new JsonObject { ["name"] = "Kapad" }),
            await neighbour.GetAsync($"/api/v1/admin/parties/{party}/contacts"),
            await neighbour.PutAsJsonAsync($"/api/v1/admin/associations/hoglandet/members/{NeighbourAdmin}",
                new JsonObject { ["roles"] = new JsonArray("admin"), ["partyIds"] = new JsonArray() }),
            await neighbour.GetAsync("/api/v1/admin/associations/hoglandet/members"),
            await neighbour.DeleteAsync($"/api/v1/admin/associations/hoglandet/members/{DemoSeed.AdminEmail}"),
            await neighbour.GetAsync("/api/v1/admin/associations/hoglandet/audit-events"),
        ];

        foreach (var response in refused)
            await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM audit_events"));
        var listed = (await neighbour.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations"))!["associations"]!.AsArray();
        Assert.Equal([DemoSeed.NeighbourCode], listed.Select(a => (string)a!["code"]!));
    }

    [Fact]
    public async Task Settings_and_notices_change_by_merge_patch_and_a_personal_number_in_a_notice_is_refused()
    {
        var admin = _factory.Admin();
        var statement = "Tillgänglighetsredogörelse\n\nWebbplatsen uppfyller WCAG 2.1 AA.";

        var patched = await admin.PatchAsJsonAsync("/api/v1/admin/associations/hoglandet",
            new JsonObject { ["referencePrefix"] = "HOG", ["accessibilityStatement"] = statement, ["answerDeadlineDays"] = 30 });
        var refused = await admin.PatchAsJsonAsync("/api/v1/admin/associations/hoglandet",
            new JsonObject { ["personalDataNotice"] = "Kontakta 19121212-1212 vid frågor." });
        var cleared = await admin.PatchAsJsonAsync("/api/v1/admin/associations/hoglandet", new JsonObject { ["accessibilityStatement"] = null });

        var after = await patched.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(("HOG", statement, 30), ((string)after["referencePrefix"]!, (string)after["accessibilityStatement"]!, (int)after["answerDeadlineDays"]!));
        var personalNumber = await Problems.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
        Assert.True(personalNumber["errors"]!.AsObject().ContainsKey("personalDataNotice"));
        var final = await cleared.ReadJsonAsync();
        Assert.Null(final["accessibilityStatement"]);
        Assert.Equal("HOG", (string)final["referencePrefix"]!);

        var updates = (await AuditAsync(admin, "hoglandet")).Where(e => (string)e!["action"]! == "association.updated").ToList();
        Assert.Equal(2, updates.Count);
        Assert.Contains(updates, e => (string)e!["before"]!["referencePrefix"]! == "LH" && (string)e["after"]!["referencePrefix"]! == "HOG"
            && (int)e["before"]!["answerDeadlineDays"]! == 60 && (int)e["after"]!["answerDeadlineDays"]! == 30);
    }

    [Fact]
    public async Task Areas_and_parties_are_created_listed_and_changed_with_their_events()
    {
        var admin = _factory.Admin();

        var area = await admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/areas", new JsonObject { ["code"] = "gislaved", ["name"] = "Gislaved" });
        var taken = await admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/areas", new JsonObject { ["code"] = "gislaved", ["name"] = "Igen" });
        var renamed = await admin.PatchAsJsonAsync("/api/v1/admin/associations/hoglandet/areas/gislaved", new JsonObject { ["name"] = "Gislaveds kommun" });
        var party = await admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/parties",
            new JsonObject { ["kind"] = "municipality", ["name"] = "Gislaveds kommun", ["unit"] = "Socialtjänsten" });
        var partyId = (Guid)(await party.ReadJsonAsync())["id"]!;
        var badKind = await admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/parties", new JsonObject { ["kind"] = "church", ["name"] = "Kyrkan" });
        var changed = await admin.PatchAsJsonAsync($"/api/v1/admin/parties/{partyId}", new JsonObject { ["unit"] = null });

        Assert.Equal(HttpStatusCode.Created, area.StatusCode);
        await Problems.AssertProblemAsync(taken, HttpStatusCode.Conflict);
        Assert.Equal("Gislaveds kommun", (string)(await renamed.ReadJsonAsync())["name"]!);
        Assert.Equal(HttpStatusCode.Created, party.StatusCode);
        await Problems.AssertProblemAsync(badKind, HttpStatusCode.BadRequest);
        Assert.Null((await changed.ReadJsonAsync())["unit"]);
        var areas = (await admin.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations/hoglandet/areas"))!["areas"]!.AsArray();
        Assert.Contains(areas, a => (string)a!["code"]! == "gislaved" && (string)a["name"]! == "Gislaveds kommun");
        var parties = (await admin.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations/hoglandet/parties"))!["parties"]!.AsArray();
        Assert.Contains(parties, p => (Guid)p!["id"]! == partyId && (string)p["kind"]! == "municipality");

        var audit = await AuditAsync(admin, "hoglandet");
        var rename = audit.Single(e => (string)e!["action"]! == "area.updated")!;
        Assert.Equal(("Gislaved", "Gislaveds kommun"), ((string)rename["before"]!["name"]!, (string)rename["after"]!["name"]!));
        var unit = audit.Single(e => (string)e!["action"]! == "party.updated")!;
        Assert.Equal(("Socialtjänsten", null), ((string?)unit["before"]!["unit"], (string?)unit["after"]!["unit"]));
        Assert.Contains(audit, e => (string)e!["action"]! == "area.created" && (string)e["entityId"]! == "gislaved");
        Assert.Contains(audit, e => (string)e!["action"]! == "party.created" && (string)e["after"]!["name"]! == "Gislaveds kommun");
    }

    [Fact]
    public async Task A_member_gets_exactly_the_roles_and_parties_put_and_is_listed_with_them_until_removed()
    {
        var admin = _factory.Admin();
        var fk = await _factory.PartyIdAsync("hoglandet", "Försäkringskassan");
        var af = await _factory.PartyIdAsync("hoglandet", "Arbetsförmedlingen");
        var neighbourParty = await _factory.PartyIdAsync(DemoSeed.NeighbourCode, "Habo kommun");
        const string Member = "/api/v1/admin/associations/hoglandet/members/Ny.Medlem@Example.se";

        var put = await admin.PutAsJsonAsync(Member, new JsonObject { ["roles"] = new JsonArray("responder", "reporter"), ["partyIds"] = new JsonArray(fk, af) });
        var replaced = await admin.PutAsJsonAsync(Member, new JsonObject { ["roles"] = new JsonArray("analyst", "responder"), ["partyIds"] = new JsonArray(af) });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var member = await replaced.ReadJsonAsync();
        Assert.Equal("ny.medlem@example.se", (string)member["email"]!);
        Assert.Equal(["responder", "analyst"], member["roles"]!.AsArray().Select(role => (string)role!));
        Assert.Equal([af], member["parties"]!.AsArray().Select(p => (Guid)p!["id"]!));
        Assert.Equal(["analyst", "responder"], await _factory.QueryAsync<string>(
            "SELECT role FROM member_roles WHERE user_key = 'ny.medlem@example.se' AND requires_role_claim = 0 ORDER BY role"));
        Assert.Equal(1, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM association_members WHERE user_key = 'ny.medlem@example.se'"));

        await Problems.AssertInvalidFieldAsync(await admin.PutAsJsonAsync(Member, new JsonObject { ["roles"] = new JsonArray("reporter"), ["partyIds"] = new JsonArray() }), "partyIds");
        await Problems.AssertInvalidFieldAsync(await admin.PutAsJsonAsync(Member, new JsonObject { ["roles"] = new JsonArray("analyst"), ["partyIds"] = new JsonArray(af) }), "partyIds");
        await Problems.AssertInvalidFieldAsync(await admin.PutAsJsonAsync(Member, new JsonObject { ["roles"] = new JsonArray("triager"), ["partyIds"] = new JsonArray() }), "roles[0]");
        await Problems.AssertInvalidFieldAsync(await admin.PutAsJsonAsync("/api/v1/admin/associations/hoglandet/members/inte-en-adress",
            new JsonObject { ["roles"] = new JsonArray("analyst"), ["partyIds"] = new JsonArray() }), "email");
        await Problems.AssertProblemAsync(await admin.PutAsJsonAsync(Member,
            new JsonObject { ["roles"] = new JsonArray("reporter"), ["partyIds"] = new JsonArray(neighbourParty) }), HttpStatusCode.UnprocessableEntity);

        var members = (await admin.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations/hoglandet/members"))!["members"]!.AsArray();
        Assert.Contains(members, m => (string)m!["email"]! == "ny.medlem@example.se");
        var triager = members.Single(m => (string)m!["email"]! == DemoSeed.TriagerEmail)!;
        Assert.NotEmpty(triager["steeringGroups"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(Member)).StatusCode);
        await Problems.AssertProblemAsync(await admin.DeleteAsync(Member), HttpStatusCode.NotFound);
        Assert.Equal(0, await _factory.ScalarAsync<int>("""
            SELECT (SELECT COUNT(*) FROM member_roles WHERE user_key = 'ny.medlem@example.se')
                 + (SELECT COUNT(*) FROM party_members WHERE user_key = 'ny.medlem@example.se')
                 + (SELECT COUNT(*) FROM association_members WHERE user_key = 'ny.medlem@example.se')
            """));

        var audit = await AuditAsync(admin, "hoglandet");
        var change = audit.Where(e => (string)e!["action"]! == "member.updated" && (string)e["entityId"]! == "ny.medlem@example.se")
            .Single(e => e!["before"]!["roles"]!.AsArray().Count == 2)!;
        Assert.Equal(["reporter", "responder"], change["before"]!["roles"]!.AsArray().Select(role => (string)role!));
        Assert.Equal(["responder", "analyst"], change["after"]!["roles"]!.AsArray().Select(role => (string)role!));
        var removal = audit.Single(e => (string)e!["action"]! == "member.removed")!;
        Assert.Null(removal["after"]);
        Assert.Equal(["responder", "analyst"], removal["before"]!["roles"]!.AsArray().Select(role => (string)role!));
    }

    [Fact]
    public async Task The_last_administrator_of_an_association_cannot_be_removed_or_demoted()
    {
        Assert.Equal(HttpStatusCode.Created, (await As(Installation).PostAsJsonAsync("/api/v1/admin/associations", NewAssociation("ensam", "ensam@example.se"))).StatusCode);
        var only = As("ensam@example.se");

        await Problems.AssertProblemAsync(await only.PutAsJsonAsync("/api/v1/admin/associations/ensam/members/ensam@example.se",
            new JsonObject { ["roles"] = new JsonArray("analyst"), ["partyIds"] = new JsonArray() }), HttpStatusCode.Conflict);
        await Problems.AssertProblemAsync(await only.DeleteAsync("/api/v1/admin/associations/ensam/members/ensam@example.se"), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.OK, (await only.PutAsJsonAsync("/api/v1/admin/associations/ensam/members/andra@example.se",
            new JsonObject { ["roles"] = new JsonArray("admin"), ["partyIds"] = new JsonArray() })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await only.DeleteAsync("/api/v1/admin/associations/ensam/members/ensam@example.se")).StatusCode);
    }

    [Fact]
    public async Task A_party_contact_added_by_the_contacts_endpoint_is_a_responder_listed_as_the_partys_contact_until_removed()
    {
        var admin = _factory.Admin();
        var party = await _factory.PartyIdAsync("hoglandet", "Arbetsförmedlingen");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsync($"/api/v1/admin/parties/{party}/contacts/Kontakt@AF.example", null)).StatusCode);
        var contacts = await admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/parties/{party}/contacts");
        Assert.Contains(contacts!["contacts"]!.AsArray(), c => (string)c!["email"]! == "kontakt@af.example");
        Assert.Equal("Arbetsförmedlingen", (string)contacts["party"]!["name"]!);
        Assert.Equal(["responder"], await _factory.QueryAsync<string>("""
            SELECT r.role FROM member_roles r JOIN associations a ON a.id = r.association_id
            WHERE a.code = 'hoglandet' AND r.user_key = 'kontakt@af.example' AND r.requires_role_claim = 0
            """));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/parties/{party}/contacts/kontakt@af.example")).StatusCode);
        contacts = await admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/parties/{party}/contacts");
        Assert.DoesNotContain(contacts!["contacts"]!.AsArray(), c => (string)c!["email"]! == "kontakt@af.example");
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM member_roles WHERE user_key = 'kontakt@af.example'"));
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM association_members WHERE user_key = 'kontakt@af.example'"));

        var audit = await AuditAsync(admin, "hoglandet");
        Assert.Contains(audit, e => (string)e!["action"]! == "party-contact.added" && (string)e["after"]!["email"]! == "kontakt@af.example");
        Assert.Contains(audit, e => (string)e!["action"]! == "party-contact.removed" && (string)e["before"]!["email"]! == "kontakt@af.example" && e["after"] is null);
    }

    [Fact]
    public async Task The_existing_administration_records_its_changes_and_never_an_api_key()
    {
        var admin = _factory.Admin();
        var group = await admin.CreateSteeringGroupAsync("hoglandet", "Granskningsgruppen");
        _factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await admin.PatchAsJsonAsync($"/api/v1/admin/steering-groups/{group}", new JsonObject { ["name"] = "Granskningsgruppen Höglandet" });
        await admin.PutAsync($"/api/v1/admin/steering-groups/{group}/members/ledamot@example.se", null);
        var queue = await admin.CreateQueueAsync(group, "Granskningskön");
        var rule = await AdminCalls.CreatedIdAsync(await admin.CreateRuleAsync("hoglandet",
            new JsonObject { ["areaCode"] = "aneby", ["queueId"] = queue, ["priority"] = 7, ["description"] = "Aneby till granskning" }));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/routing-rules/{rule}")).StatusCode);
        var key = await admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/api-clients",
            new JsonObject { ["name"] = "Granskningens nyckel", ["partyId"] = await _factory.PartyIdAsync("hoglandet", "Nässjö kommun") });
        var created = await key.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/api-clients/{(Guid)created["id"]!}")).StatusCode);

        var audit = await AuditAsync(admin, "hoglandet");
        string[] actions = ["steering-group.created", "steering-group.updated", "steering-group-member.added", "queue.created",
            "routing-rule.created", "routing-rule.deleted", "api-client.created", "api-client.revoked"];
        foreach (var action in actions)
            Assert.Contains(audit, e => (string)e!["action"]! == action && (string)e["actor"]! == DemoSeed.AdminEmail);
        var renamed = audit.Single(e => (string)e!["action"]! == "steering-group.updated")!;
        Assert.Equal(("Granskningsgruppen", "Granskningsgruppen Höglandet"), ((string)renamed["before"]!["name"]!, (string)renamed["after"]!["name"]!));
        var deleted = audit.Single(e => (string)e!["action"]! == "routing-rule.deleted")!;
        Assert.Equal(("aneby", 7), ((string)deleted["before"]!["areaCode"]!, (int)deleted["before"]!["priority"]!));
        Assert.DoesNotContain((string)created["key"]!, await _factory.ScalarAsync<string>("SELECT GROUP_CONCAT(COALESCE(after_data, '')) FROM audit_events"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_log_pages_newest_first()
    {
        var admin = _factory.Admin();
        for (var i = 0; i < 5; i++)
        {
            _factory.Clock.Advance(TimeSpan.FromMinutes(1));
            await admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/areas", new JsonObject { ["code"] = $"omrade-{i}", ["name"] = $"Område {i}" });
        }

        var first = (await admin.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations/hoglandet/audit-events?limit=2"))!;
        var second = (await admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/associations/hoglandet/audit-events?limit=2&before={(Guid)first["nextBefore"]!}"))!;

        Assert.Equal(["omrade-4", "omrade-3"], first["events"]!.AsArray().Select(e => (string)e!["entityId"]!));
        Assert.Equal(["omrade-2", "omrade-1"], second["events"]!.AsArray().Select(e => (string)e!["entityId"]!));
        await Problems.AssertInvalidFieldAsync(await admin.GetAsync("/api/v1/admin/associations/hoglandet/audit-events?limit=0"), "limit");
    }
}
