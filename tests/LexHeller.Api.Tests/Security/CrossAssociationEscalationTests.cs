using LexHeller.Api.Infrastructure.Auth;
using System.Security.Claims;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// The probe of issue 18, repeated: a user who administers Jönköping and is only an analyst of Höglandet
/// (with <c>admin</c> among the token's role claims, as before) tried to make a Höglandet API key, to add a
/// member to a Höglandet LSG and to read an anonymous reporter's sealed contact in Höglandet. Each is a 403
/// and leaves nothing behind, while the same caller administers Jönköping (so the refusals are not a broken
/// caller). Then the rule behind it (ADR 13): a role claim never grants, and where the installation narrows
/// by claims, a granted role needs the claim too.
/// </summary>
public sealed class CrossAssociationEscalationTests : IAsyncLifetime
{
    private const string Prober = "admin.jonkoping@probe.lexheller.example";

    private readonly LexHellerApiFactory _factory = new();

    public async ValueTask InitializeAsync()
    {
        await _factory.GrantAsync(DemoSeed.NeighbourCode, Prober, Roles.Admin);
        await _factory.GrantAsync(DemoSeed.HoglandetCode, Prober, Roles.Analyst);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private HttpClient ProberClient => _factory.CreateClient().WithBearer(TestTokens.For(Roles.Admin, Prober));

    [Fact]
    public async Task The_admin_of_another_association_makes_no_API_key_here_but_does_in_their_own()
    {
        var partyId = await _factory.ScalarAsync<Guid>("""
            SELECT p.id FROM parties p JOIN associations a ON a.id = p.association_id WHERE a.code = @Code AND p.name = 'Nässjö kommun'
            """, new { Code = DemoSeed.HoglandetCode });
        var keysBefore = await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM api_clients");

        await Problems.AssertProblemAsync(await ProberClient.PostAsJsonAsync($"/api/v1/admin/associations/{DemoSeed.HoglandetCode}/api-clients",
            new { name = "Sondens nyckel", partyId }), HttpStatusCode.Forbidden);
        Assert.Equal(keysBefore, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM api_clients"));

        var ownParty = await _factory.ScalarAsync<Guid>("""
            SELECT p.id FROM parties p JOIN associations a ON a.id = p.association_id WHERE a.code = @Code ORDER BY p.name
            """, new { Code = DemoSeed.NeighbourCode });
        using var own = await ProberClient.PostAsJsonAsync($"/api/v1/admin/associations/{DemoSeed.NeighbourCode}/api-clients",
            new { name = "Jönköpings nyckel", partyId = ownParty });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Fact]
    public async Task The_admin_of_another_association_adds_no_member_to_an_LSG_here()
    {
        var lsg = await _factory.ScalarAsync<Guid>("""
            SELECT g.id FROM steering_groups g JOIN associations a ON a.id = g.association_id WHERE a.code = @Code AND g.name LIKE 'LSG %'
            ORDER BY g.name
            """, new { Code = DemoSeed.HoglandetCode });

        await Problems.AssertProblemAsync(
            await ProberClient.PutAsync($"/api/v1/admin/steering-groups/{lsg}/members/{Prober}", null), HttpStatusCode.Forbidden);
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM steering_group_members WHERE user_key = @Prober", new { Prober }));
    }

    [Fact]
    public async Task The_admin_of_another_association_reads_no_anonymous_reporters_contact_here_and_no_access_is_logged()
    {
        var body = ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient()), 0, ReportBodies.Contact());
        using var filed = await _factory.CreateClient().PostReportAsync(body);
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var id = (Guid)(await filed.ReadJsonAsync())["id"]!;
        var logged = await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM reporter_contact_access WHERE report_id = @Id", new { Id = id });

        await Problems.AssertProblemAsync(await ProberClient.GetAsync($"/api/v1/reports/{id}"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await ProberClient.GetAsync($"/api/v1/reports/{id}/reporter-contact/access-log"), HttpStatusCode.Forbidden);
        Assert.Equal(logged, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM reporter_contact_access WHERE report_id = @Id", new { Id = id }));

        // The demo's administrator of both associations reads it: the report is readable to an administrator of Höglandet.
        using var admin = await _factory.CreateClient().WithBearer(TestTokens.For(Roles.Admin, DemoSeed.AdminEmail)).GetAsync($"/api/v1/reports/{id}");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task A_role_claim_without_a_grant_administers_nothing()
    {
        var claimOnly = _factory.CreateClient().WithBearer(TestTokens.For(Roles.Admin, "bara.ett.anspraak@probe.lexheller.example"));

        foreach (var code in new[] { DemoSeed.HoglandetCode, DemoSeed.NeighbourCode })
        {
            await Problems.AssertProblemAsync(
                await claimOnly.GetAsync($"/api/v1/admin/associations/{code}/steering-groups"), HttpStatusCode.Forbidden);
        }

        await Problems.AssertProblemAsync(
            await claimOnly.GetAsync($"/api/v1/statistics/categories?associationCode={DemoSeed.HoglandetCode}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_grant_without_a_role_claim_holds_unless_the_installation_narrows_by_claims()
    {
        // A token with no role claims at all: the data alone decides, by default.
        var noClaims = TestTokens.Create([new Claim("email", DemoSeed.AdminEmail)]);
        using (var byData = await _factory.CreateClient().WithBearer(noClaims).GetAsync($"/api/v1/admin/associations/{DemoSeed.HoglandetCode}/steering-groups"))
            Assert.Equal(HttpStatusCode.OK, byData.StatusCode);

        await using var narrowing = new LexHellerApiFactory(settings: new Dictionary<string, string?> { ["Authorization:RequireRoleClaim"] = "true" });
        await Problems.AssertProblemAsync(await narrowing.CreateClient().WithBearer(noClaims)
            .GetAsync($"/api/v1/admin/associations/{DemoSeed.HoglandetCode}/steering-groups"), HttpStatusCode.Forbidden);
        using var withClaim = await narrowing.CreateClient().WithBearer(TestTokens.For(Roles.Admin, DemoSeed.AdminEmail))
            .GetAsync($"/api/v1/admin/associations/{DemoSeed.HoglandetCode}/steering-groups");
        Assert.Equal(HttpStatusCode.OK, withClaim.StatusCode);
    }
}
