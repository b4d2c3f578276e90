using System.Text.RegularExpressions;
using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Tests.Security;

/// <summary>One association's side of the isolation test: its code, the text that marks its rows, its members and what they made.</summary>
public sealed class Tenant(string code, string marker, string area, string reporterParty)
{
    public string Code { get; } = code;

    /// <summary>Written into every report and follow-up the tenant files: found in a response, it is the tenant's row.</summary>
    public string Marker { get; } = marker;

    public string Area { get; } = area;

    public string ReporterParty { get; } = reporterParty;

    public SecurityCaller Triager { get; init; } = null!;

    public SecurityCaller Analyst { get; init; } = null!;

    public SecurityCaller Responder { get; init; } = null!;

    public SecurityCaller Admin { get; init; } = null!;

    public IReadOnlyList<SecurityCaller> Members => [Triager, Analyst, Responder, Admin];

    public Guid ReportId { get; set; }

    public Guid QueueId { get; set; }

    public Guid ReferralId { get; set; }

    public Guid FollowUpId { get; set; }

    public Guid SteeringGroupId { get; set; }
}

/// <summary>The members of one association only, four of each association, named by it (the demo's administrator belongs to both).</summary>
public static class IsolationCallers
{
    public static SecurityCaller HoglandetTriager { get; } = new("triager-of-hoglandet", Roles.Triager, DemoSeed.TriagerEmail);
    public static SecurityCaller HoglandetAnalyst { get; } = new("analyst-of-hoglandet", Roles.Analyst, DemoSeed.AnalystEmail);
    public static SecurityCaller HoglandetResponder { get; } = new("responder-of-hoglandet", Roles.Responder, DemoSeed.ResponderFkEmail);
    public static SecurityCaller JonkopingTriager { get; } = new("triager-of-jonkoping", Roles.Triager, SecurityCallers.OtherAssociationTriagerEmail);
    public static SecurityCaller JonkopingAnalyst { get; } = new("analyst-of-jonkoping", Roles.Analyst, "analyst.jonkoping@matrix.lexheller.example");
    public static SecurityCaller JonkopingResponder { get; } = new("responder-of-jonkoping", Roles.Responder, "responder.jonkoping@matrix.lexheller.example");
    public static SecurityCaller HoglandetAdmin { get; } = new("admin-of-hoglandet", Roles.Admin, "admin.hoglandet@matrix.lexheller.example");
    public static SecurityCaller JonkopingAdmin { get; } = new("admin-of-jonkoping", Roles.Admin, "admin.jonkoping@matrix.lexheller.example");

    /// <summary>Each caller with the association they belong to and the one they must see nothing of.</summary>
    public static IReadOnlyList<(SecurityCaller Caller, string Association, string Other)> All { get; } =
    [
        (HoglandetTriager, DemoSeed.HoglandetCode, DemoSeed.NeighbourCode),
        (HoglandetAnalyst, DemoSeed.HoglandetCode, DemoSeed.NeighbourCode),
        (HoglandetResponder, DemoSeed.HoglandetCode, DemoSeed.NeighbourCode),
        (HoglandetAdmin, DemoSeed.HoglandetCode, DemoSeed.NeighbourCode),
        (JonkopingTriager, DemoSeed.NeighbourCode, DemoSeed.HoglandetCode),
        (JonkopingAnalyst, DemoSeed.NeighbourCode, DemoSeed.HoglandetCode),
        (JonkopingResponder, DemoSeed.NeighbourCode, DemoSeed.HoglandetCode),
        (JonkopingAdmin, DemoSeed.NeighbourCode, DemoSeed.HoglandetCode),
    ];
}

/// <summary>
/// Two associations, each with a triager, an analyst, a responder and an administrator who belong to it alone, each
/// with a marked report (triaged, referred to its Försäkringskassan) and a follow-up. Every list is
/// read by every member three times: before either adds anything more, after Höglandet adds, and
/// after Jönköping adds (reports that make a pattern, a referral, a follow-up). What one association
/// adds must change nothing the other's members see.
/// </summary>
public sealed partial class IsolationWorld : IAsyncLifetime
{
    public const int Phases = 3;

    public LexHellerApiFactory Factory { get; } = new();

    public Tenant Hoglandet { get; } = new(DemoSeed.HoglandetCode, "ISOLERING-HOGLANDET-71", "vetlanda", "Vetlanda kommun")
    {
        Triager = IsolationCallers.HoglandetTriager,
        Analyst = IsolationCallers.HoglandetAnalyst,
        Responder = IsolationCallers.HoglandetResponder,
        Admin = IsolationCallers.HoglandetAdmin,
    };

    public Tenant Jonkoping { get; } = new(DemoSeed.NeighbourCode, "ISOLERING-JONKOPING-42", "habo", "Habo kommun")
    {
        Triager = IsolationCallers.JonkopingTriager,
        Analyst = IsolationCallers.JonkopingAnalyst,
        Responder = IsolationCallers.JonkopingResponder,
        Admin = IsolationCallers.JonkopingAdmin,
    };

    public IReadOnlyList<Tenant> Tenants => [Hoglandet, Jonkoping];

    /// <summary>What each caller got for each address, per phase: (caller, address) → status and normalised body.</summary>
    public Dictionary<(string Caller, string Address), string>[] Snapshots { get; } = [.. Enumerable.Range(0, Phases).Select(_ => new Dictionary<(string, string), string>())];

    private ReferenceDataSnapshot _referenceData = null!;
    private int _filed;

    public async ValueTask InitializeAsync()
    {
        var admin = SecurityCallers.Admin.Api(Factory);
        _referenceData = await ReferenceDataSnapshot.LoadAsync(Factory.CreateClient());
        await SecurityCallers.AddMissingTriagersAsync(Factory);
        // Analysts and administrators hold their role in one association.
        foreach (var (member, code, role) in new[]
        {
            (Jonkoping.Analyst, Jonkoping.Code, Roles.Analyst), (Hoglandet.Admin, Hoglandet.Code, Roles.Admin), (Jonkoping.Admin, Jonkoping.Code, Roles.Admin),
        })
        {
            await Factory.GrantAsync(code, member.Email!, role);
        }

        using (var contact = await admin.PutAsync(
            $"/api/v1/admin/parties/{_referenceData.PartyId(Jonkoping.Code, "Försäkringskassan")}/contacts/{Jonkoping.Responder.Email}", null))
            Assert.True(contact.IsSuccessStatusCode);
        await Factory.GrantAsync(Jonkoping.Code, Jonkoping.Responder.Email!, Roles.Responder);

        foreach (var tenant in Tenants)
        {
            tenant.SteeringGroupId = await Factory.ScalarAsync<Guid>("""
                SELECT g.id FROM steering_groups g JOIN associations a ON a.id = g.association_id WHERE a.code = @Code AND g.name LIKE 'Beredningsgruppen%'
                """, new { tenant.Code });
            (tenant.ReportId, tenant.ReferralId) = await FileReferredAsync(tenant);
            var report = await tenant.Triager.Api(Factory).GetFromJsonAsync<JsonNode>($"/api/v1/reports/{tenant.ReportId}");
            tenant.QueueId = (Guid)report!["queue"]!["id"]!;
            tenant.FollowUpId = await OpenFollowUpAsync(tenant, tenant.ReportId);
        }

        await SnapshotAsync(0);
        await AddAsync(Hoglandet);
        await SnapshotAsync(1);
        await AddAsync(Jonkoping);
        await SnapshotAsync(2);
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>The phase after which <paramref name="tenant"/> has added its rows (compare with the phase before).</summary>
    public int PhaseAfterAdding(Tenant tenant) => tenant == Hoglandet ? 1 : 2;

    public Tenant Other(Tenant tenant) => tenant == Hoglandet ? Jonkoping : Hoglandet;

    /// <summary>Two more reports, in the same category and with the same party involved as the first, so they make a pattern; one referred; a follow-up; an API key; a dead notification.</summary>
    private async Task AddAsync(Tenant tenant)
    {
        await Factory.EnqueueDeadAsync(tenant.Code, subject: $"{tenant.Marker}: remiss som inte gick fram");
        var (reportId, _) = await FileReferredAsync(tenant);
        await FileAsync(tenant);
        await OpenFollowUpAsync(tenant, reportId);
        await SecurityCallers.Admin.Api(Factory).PostAsJsonCreatedAsync($"/api/v1/admin/associations/{tenant.Code}/api-clients", new
        {
            name = $"{tenant.Marker}: verksamhetssystemets nyckel",
            partyId = _referenceData.PartyId(tenant.Code, "Försäkringskassan"),
        });
    }

    private async Task<Guid> FileAsync(Tenant tenant)
    {
        var number = Interlocked.Increment(ref _filed);
        var body = new JsonObject
        {
            ["associationCode"] = tenant.Code,
            ["areaCode"] = tenant.Area,
            ["eventDate"] = "2026-11-10",
            ["kind"] = "occurred",
            ["reporterPartyId"] = _referenceData.PartyId(tenant.Code, tenant.ReporterParty),
            ["involvedPartyIds"] = new JsonArray(_referenceData.PartyId(tenant.Code, "Försäkringskassan")),
            ["suggestedCategory"] = "handover",
            ["description"] = $"{tenant.Marker} nummer {number}: ärendet lämnades inte över när handläggaren slutade.",
            ["consequence"] = $"{tenant.Marker}: personen fick vänta i två månader.",
            ["actionsTaken"] = "Enhetschefen är kontaktad.",
            ["suggestedImprovement"] = "Överlämningar kvitteras av mottagaren.",
            ["affectedGender"] = "not-stated",
        };
        return await Factory.ActingReporterClient().PostAsJsonCreatedAsync("/api/v1/reports", body);
    }

    private async Task<(Guid Report, Guid Referral)> FileReferredAsync(Tenant tenant)
    {
        var id = await FileAsync(tenant);
        var triager = tenant.Triager.Api(Factory);
        await StepAsync(triager, id, "triage", new { reason = $"{tenant.Marker}: bedömd." });
        await StepAsync(triager, id, "referrals", new
        {
            partyId = _referenceData.PartyId(tenant.Code, "Försäkringskassan"),
            question = $"{tenant.Marker}: hur kunde det hända?",
            reason = "Försäkringskassan är ansvarig part.",
        });
        await StepAsync(triager, id, "notes", new { text = $"{tenant.Marker}: intern anteckning." }, HttpStatusCode.Created, withETag: false);
        var report = await triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}");
        return (id, (Guid)report!["referrals"]![0]!["id"]!);
    }

    private async Task<Guid> OpenFollowUpAsync(Tenant tenant, Guid reportId) =>
        await tenant.Triager.Api(Factory).PostAsJsonCreatedAsync("/api/v1/follow-ups", new
        {
            associationCode = tenant.Code,
            title = $"{tenant.Marker}: överlämning vid byte av handläggare",
            ownerGroupId = tenant.SteeringGroupId,
            decision = $"{tenant.Marker}: tas upp med parterna.",
            reportIds = new[] { reportId },
        });

    private static async Task StepAsync(HttpClient triager, Guid id, string step, object body,
        HttpStatusCode expected = HttpStatusCode.OK, bool withETag = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/reports/{id}/{step}") { Content = JsonContent.Create(body) };
        if (withETag)
        {
            using var current = await triager.GetAsync($"/api/v1/reports/{id}");
            request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        }

        using var response = await triager.SendAsync(request);
        Assert.True(response.StatusCode == expected, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task SnapshotAsync(int phase)
    {
        foreach (var caller in Tenants.SelectMany(tenant => tenant.Members))
        {
            var api = caller.Api(Factory);
            var pages = caller.Pages(Factory);
            foreach (var address in TenantIsolationTests.Lists.SelectMany(list => list.Addresses(this)).Distinct())
            {
                using var response = await (address.StartsWith("/api/", StringComparison.Ordinal) ? api : pages).GetAsync(address);
                Snapshots[phase][(caller.Name, address)] = $"{(int)response.StatusCode} {response.Headers.Location}\n{Normalise(await response.Content.ReadAsStringAsync())}";
            }
        }
    }

    /// <summary>What differs between two identical answers: a problem's trace id, a form's antiforgery token, an SVG chart's clip-path ids (a hexadecimal counter of the renderer).</summary>
    private static string Normalise(string body) => Volatile().Replace(body, "$1$2…");

    [GeneratedRegex("(\"traceId\":\"|name=\"__RequestVerificationToken\" type=\"hidden\" value=\")[^\"]*|(cl_)[0-9a-f]+")]
    private static partial Regex Volatile();
}
