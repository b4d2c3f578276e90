namespace LexHeller.Api.Tests.Security;

/// <summary>
/// No list, export or page shows a member of one association anything of another: not its rows,
/// not its text, not a count that moves when the other association adds reports. Every GET endpoint
/// and page the application maps is either read here, by every member of each association, or left
/// out below with the reason; a new one without either fails
/// <see cref="Every_GET_endpoint_and_page_is_read_here_or_left_out_with_a_reason"/>.
/// </summary>
public sealed class TenantIsolationTests(IsolationWorld world) : IClassFixture<IsolationWorld>
{
    /// <summary>A GET endpoint and the addresses it is read at: unnamed, and naming each association or its resource.</summary>
    public sealed record List(string Endpoint, Func<IsolationWorld, Tenant?, string> Address, bool NamesAssociation = true)
    {
        public IEnumerable<string> Addresses(IsolationWorld world) =>
            NamesAssociation ? world.Tenants.Select(tenant => Address(world, tenant)).Prepend(Address(world, null)).Distinct() : [Address(world, null)];
    }

    private static string Query(string path, string name, Tenant? tenant) => tenant is null ? path : $"{path}{(path.Contains('?') ? '&' : '?')}{name}={tenant.Code}";

    private static List Aggregate(string endpoint, string path) => new(endpoint, (_, tenant) => Query(path, "associationCode", tenant));

    private static List Page(string endpoint, string path) => new(endpoint, (_, tenant) => Query(path, "forbund", tenant));

    /// <summary>The lists, exports and pages read (and by which addresses).</summary>
    public static IReadOnlyList<List> Lists { get; } =
    [
        new("GET /api/v1/queues", (_, _) => "/api/v1/queues", NamesAssociation: false),
        new("GET /api/v1/queues/{id:guid}/reports", (w, tenant) => $"/api/v1/queues/{(tenant ?? w.Hoglandet).QueueId}/reports"),
        new("GET /api/v1/reports/{id:guid}", (w, tenant) => $"/api/v1/reports/{(tenant ?? w.Hoglandet).ReportId}"),
        new("GET /api/v1/reports/{id:guid}/history", (w, tenant) => $"/api/v1/reports/{(tenant ?? w.Hoglandet).ReportId}/history"),
        new("GET /api/v1/reports/{id:guid}/reporter-contact/access-log", (w, tenant) => $"/api/v1/reports/{(tenant ?? w.Hoglandet).ReportId}/reporter-contact/access-log"),
        new("GET /api/v1/reports/{id:guid}/similar", (w, tenant) => $"/api/v1/reports/{(tenant ?? w.Hoglandet).ReportId}/similar"),
        new("GET /api/v1/reports/{id:guid}/duplicate-candidates", (w, tenant) => $"/api/v1/reports/{(tenant ?? w.Hoglandet).ReportId}/duplicate-candidates?q=avvikelse"),
        new("GET /api/v1/referrals", (_, _) => "/api/v1/referrals", NamesAssociation: false),
        new("GET /api/v1/referrals/{id:guid}", (w, tenant) => $"/api/v1/referrals/{(tenant ?? w.Hoglandet).ReferralId}"),
        Aggregate("GET /api/v1/patterns", "/api/v1/patterns"),
        Aggregate("GET /api/v1/follow-ups", "/api/v1/follow-ups"),
        new("GET /api/v1/follow-ups/{id:guid}", (w, tenant) => $"/api/v1/follow-ups/{(tenant ?? w.Hoglandet).FollowUpId}"),
        Aggregate("GET /api/v1/statistics/categories", "/api/v1/statistics/categories"),
        Aggregate("GET /api/v1/statistics/party-pairs", "/api/v1/statistics/party-pairs"),
        Aggregate("GET /api/v1/statistics/lead-times", "/api/v1/statistics/lead-times"),
        Aggregate("GET /api/v1/statistics/areas", "/api/v1/statistics/areas"),
        Aggregate("GET /api/v1/statistics/reporter-feedback", "/api/v1/statistics/reporter-feedback"),
        Aggregate("GET /api/v1/exports/reports", "/api/v1/exports/reports?format=csv"),
        Aggregate("GET /api/v1/exports/statistics", "/api/v1/exports/statistics?table=areas&format=csv"),
        Aggregate("GET /api/v1/charts/{chart}.{format}", "/api/v1/charts/areas-radar.svg"),
        new("GET /api/v1/admin/associations/{code}/steering-groups", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/steering-groups"),
        new("GET /api/v1/admin/associations/{code}/queues", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/queues"),
        new("GET /api/v1/admin/associations/{code}/routing-rules", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/routing-rules"),
        new("GET /api/v1/admin/associations/{code}/api-clients", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/api-clients"),
        new("GET /api/v1/admin/associations/{code}/notifications/dead", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/notifications/dead"),
        new("GET /api/v1/admin/associations", (_, _) => "/api/v1/admin/associations", NamesAssociation: false),
        new("GET /api/v1/admin/associations/{code}", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}"),
        new("GET /api/v1/admin/associations/{code}/areas", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/areas"),
        new("GET /api/v1/admin/associations/{code}/parties", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/parties"),
        new("GET /api/v1/admin/associations/{code}/members", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/members"),
        new("GET /api/v1/admin/associations/{code}/audit-events", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/audit-events"),
        new("GET /api/v1/admin/associations/{code}/categories", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/categories"),
        new("GET /api/v1/admin/steering-groups/{id:guid}/meetings", (w, tenant) => $"/api/v1/admin/steering-groups/{(tenant ?? w.Hoglandet).SteeringGroupId}/meetings"),
        new("GET /admin/{code}/kategorier", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/kategorier"),
        new("GET /admin/{code}/kategorier/{categoryCode}", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/kategorier/other"),
        new("GET /admin/{code}/styrgrupper/{id:guid}/moten", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/styrgrupper/{(tenant ?? w.Hoglandet).SteeringGroupId}/moten"),
        new("GET /api/v1/admin/associations/{code}/imports/template.csv", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/imports/template.csv"),
        new("GET /admin/{code}/import", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/import"),
        new("GET /admin/{code}/import?handler=mall", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/import?handler=mall"),
        new("GET /api/v1/admin/associations/{code}/routing-preview",
            (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/routing-preview?areaCode={(tenant ?? w.Hoglandet).Area}&partyKinds=region&category=catch-22"),
        new("GET /triage", (_, _) => "/triage", NamesAssociation: false),
        new("GET /triage/ko/{id:guid}", (w, tenant) => $"/triage/ko/{(tenant ?? w.Hoglandet).QueueId}"),
        new("GET /triage/avvikelse/{id:guid}", (w, tenant) => $"/triage/avvikelse/{(tenant ?? w.Hoglandet).ReportId}"),
        new("GET /part", (_, _) => "/part", NamesAssociation: false),
        new("GET /part/remiss/{id:guid}", (w, tenant) => $"/part/remiss/{(tenant ?? w.Hoglandet).ReferralId}"),
        Page("GET /statistik", "/statistik"),
        Page("GET /statistik/diagram/{chart}.{format}", "/statistik/diagram/areas-radar.svg"),
        Page("GET /statistik/export/{file}.{format}", "/statistik/export/avvikelser.csv"),
        new("GET /admin", (_, _) => "/admin", NamesAssociation: false),
        new("GET /admin/{code}", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}"),
        new("GET /admin/{code}/styrgrupper", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/styrgrupper"),
        new("GET /admin/{code}/installningar", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/installningar"),
        new("GET /admin/{code}/omraden", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/omraden"),
        new("GET /admin/{code}/routning",
            (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/routning?omrade={(tenant ?? w.Hoglandet).Area}&part=region&kategori=catch-22"),
        new("GET /admin/{code}/parter", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/parter"),
        new("GET /admin/{code}/medlemmar", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/medlemmar"),
        new("GET /admin/{code}/granskningslogg", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/granskningslogg"),
        new("GET /admin/{code}/api-nycklar", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/api-nycklar"),
        new("GET /admin/{code}/meddelanden", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/meddelanden"),
        new("GET /admin/{code}/mallar", (w, tenant) => $"/admin/{(tenant ?? w.Hoglandet).Code}/mallar"),
        new("GET /api/v1/admin/associations/{code}/response-templates", (w, tenant) => $"/api/v1/admin/associations/{(tenant ?? w.Hoglandet).Code}/response-templates"),
        new("GET /api/v1/reports/{id:guid}/response-templates", (w, tenant) => $"/api/v1/reports/{(tenant ?? w.Hoglandet).ReportId}/response-templates"),
        new("GET /api/v1/referrals/{id:guid}/response-templates", (w, tenant) => $"/api/v1/referrals/{(tenant ?? w.Hoglandet).ReferralId}/response-templates"),
        new("GET /triage/installningar", (_, _) => "/triage/installningar", NamesAssociation: false),
    ];

    /// <summary>GET endpoints not read here, and why: none of them answers with an association's rows to whoever asks.</summary>
    public static IReadOnlyDictionary<string, string> LeftOut { get; } = new Dictionary<string, string>
    {
        ["* /health/live"] = "a probe: no data",
        ["* /health/ready"] = "a probe: no data",
        ["GET /openapi/{documentName}.json"] = "the contract: no data",
        ["GET /api/v1/reference-data"] = "public by design: every association's areas, parties and categories, what the report form offers",
        ["GET /anmalan"] = "the report form: the public reference data",
        ["GET /api/v1/receipts/{token}"] = "the receipt is its token's holder's, whatever their association (the token is the key)",
        ["GET /kvitto/{token}"] = "the receipt page: as its API",
        ["GET /"] = "static page",
        ["GET /fel"] = "static page",
        ["GET /ingen-behorighet"] = "static page",
        ["GET /kvitto"] = "static form",
        ["GET /logga-in"] = "static form",
        ["GET /logga-in/demo"] = "the demo identities (Development and tests only), no association's rows",
        ["GET /logga-in/e-post/skickad"] = "static page: the same answer for every address",
        ["GET /logga-in/lank/{token}"] = "a sign-in link's page: a button or a refusal, no association's rows",
        ["GET /logga-ut"] = "static form",
        ["GET /tillganglighet"] = "public by design: each association's published accessibility statement, or the list of associations",
        ["GET /personuppgifter"] = "public by design: each association's published personal-data notice, or the list of associations",
        ["GET /api/v1/admin/parties/{id:guid}/contacts"] = "a party's contact persons: refused (403) to an administrator of another association, see OnboardingTests",
        ["GET /inloggad"] = "a redirect to the page of the user's role: no data",
        ["GET /admin/{code}/api-nycklar/{id:guid}/aterkalla"] = "asks before revoking one key, found in the named association's list of keys, which is read here (GET /admin/{code}/api-nycklar)",
    };

    public static IEnumerable<TheoryDataRow<string, string>> Readings() =>
        from list in Lists
        from member in IsolationCallers.All
        select new TheoryDataRow<string, string>(list.Endpoint, member.Caller.Name)
        {
            TestDisplayName = $"{list.Endpoint} as {member.Caller.Name}: nothing of {member.Other}",
        };

    /// <summary>The API lists that take an association or one of its resources, read by each caller naming the other association's.</summary>
    public static IEnumerable<TheoryDataRow<string, string>> Refusals() =>
        from list in Lists
        where list.NamesAssociation && list.Endpoint.StartsWith("GET /api/", StringComparison.Ordinal)
        from member in IsolationCallers.All
        select new TheoryDataRow<string, string>(list.Endpoint, member.Caller.Name)
        {
            TestDisplayName = $"{list.Endpoint} naming {member.Other} as {member.Caller.Name} → 403 or 404",
        };

    [Fact]
    public async Task Every_GET_endpoint_and_page_is_read_here_or_left_out_with_a_reason()
    {
        var gets = (await EndpointInventory.KeysAsync(world.Factory)).Where(key => key.StartsWith("GET ", StringComparison.Ordinal) || key.StartsWith("* ", StringComparison.Ordinal)).ToList();
        var covered = Lists.Select(list => list.Endpoint).Concat(LeftOut.Keys).ToList();

        var missing = gets.Except(covered).ToList();
        var stale = covered.Except(gets).ToList();
        Assert.True(missing.Count == 0 && stale.Count == 0,
            $"Read these in {nameof(TenantIsolationTests)}.{nameof(Lists)} (or leave them out with a reason): {string.Join(", ", missing)}. "
            + $"Listed but not mapped: {string.Join(", ", stale)}.");
    }

    [Theory]
    [MemberData(nameof(Readings))]
    public void A_member_of_one_association_sees_nothing_of_the_other(string endpoint, string callerName)
    {
        var tenant = world.Tenants.Single(candidate => candidate.Members.Any(member => member.Name == callerName));
        var other = world.Other(tenant);
        var list = Lists.Single(candidate => candidate.Endpoint == endpoint);
        var otherAdded = world.PhaseAfterAdding(other);

        foreach (var address in list.Addresses(world))
        {
            for (var phase = 0; phase < IsolationWorld.Phases; phase++)
            {
                var answer = world.Snapshots[phase][(callerName, address)];
                Assert.False(answer.Contains(other.Marker, StringComparison.Ordinal),
                    $"{address} as {callerName} (phase {phase}) shows {other.Code}'s rows: {Excerpt(answer, other.Marker)}");
            }

            var (before, after) = (world.Snapshots[otherAdded - 1][(callerName, address)], world.Snapshots[otherAdded][(callerName, address)]);
            Assert.True(before == after, $"{address} as {callerName} changed when {other.Code} added reports, a referral and a follow-up:\n"
                + $"before: …{Difference(before, after)}…\nafter: …{Difference(after, before)}…");
        }
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Naming_the_other_association_or_its_resource_in_the_API_is_refused(string endpoint, string callerName)
    {
        var tenant = world.Tenants.Single(candidate => candidate.Members.Any(member => member.Name == callerName));
        var list = Lists.Single(candidate => candidate.Endpoint == endpoint);
        var address = list.Address(world, world.Other(tenant));

        var status = world.Snapshots[IsolationWorld.Phases - 1][(callerName, address)].Split(' ')[0];
        Assert.True(status is "403" or "404", $"{address} as {callerName}: {status}, expected 403 (or 404 for a resource of the other association).");
        if (address.Contains("associationCode=", StringComparison.Ordinal))
            Assert.Equal("403", status);
    }

    [Fact]
    public void What_an_association_adds_shows_to_its_own_members_so_the_comparison_can_fail()
    {
        foreach (var tenant in world.Tenants)
        {
            var added = world.PhaseAfterAdding(tenant);
            foreach (var member in tenant.Members)
            {
                var changed = world.Snapshots[added].Keys.Where(key => key.Caller == member.Name)
                    .Count(key => world.Snapshots[added][key] != world.Snapshots[added - 1][key]);
                Assert.True(changed > 0, $"Nothing {member.Name} reads changed when {tenant.Code} added reports.");
            }

            Assert.Contains(world.Snapshots[added], reading => reading.Key.Caller == tenant.Triager.Name && reading.Value.Contains(tenant.Marker, StringComparison.Ordinal));
            Assert.Contains(world.Snapshots[added], reading => reading.Key.Caller == tenant.Responder.Name && reading.Value.Contains(tenant.Marker, StringComparison.Ordinal));
        }
    }

    private static string Excerpt(string answer, string around)
    {
        var at = Math.Max(0, answer.IndexOf(around, StringComparison.Ordinal) - 100);
        return answer.Substring(at, Math.Min(400, answer.Length - at));
    }

    /// <summary><paramref name="answer"/> where it first differs from <paramref name="other"/>.</summary>
    private static string Difference(string answer, string other)
    {
        var at = 0;
        while (at < answer.Length && at < other.Length && answer[at] == other[at])
            at++;
        var from = Math.Max(0, at - 150);
        return answer.Substring(from, Math.Min(300, answer.Length - from));
    }
}
