using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Tests.Reports;

public sealed class ReportAccessTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync() => _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Anonymous_filing_is_accepted_where_the_association_allows_it()
    {
        var response = await _factory.CreateClient().PostReportAsync(ReportBodies.FromFixture(_referenceData, 0));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (Guid)(await response.ReadJsonAsync())["id"]!;
        Assert.Equal("anonymous", await _factory.ScalarAsync<string>("SELECT channel FROM reports WHERE id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task Anonymous_filing_is_a_401_where_the_association_does_not_allow_it()
    {
        var response = await _factory.CreateClient().PostReportAsync(NeighbourReport());

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("analyst")]
    [InlineData("triager")]
    [InlineData("responder")]
    public async Task A_signed_in_user_without_the_reporter_role_may_not_file(string role)
    {
        var client = _factory.CreateClient().WithBearer(TestTokens.For(role, $"{role}@demo.lexheller.example"));

        var response = await client.PostReportAsync(ReportBodies.FromFixture(_referenceData, 0));

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_forged_token_is_a_401_even_where_anonymous_filing_is_allowed()
    {
        var client = _factory.CreateClient().WithBearer(TestTokens.ForgedFor("reporter", DemoSeed.ReporterEmail));

        var response = await client.PostReportAsync(ReportBodies.FromFixture(_referenceData, 0));

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_integration_partner_files_with_its_api_key()
    {
        var client = _factory.CreateClient().WithApiKey(DemoSeed.DemoApiKey);

        var response = await client.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (Guid)(await response.ReadJsonAsync())["id"]!;
        Assert.Equal("api", await _factory.ScalarAsync<string>("SELECT channel FROM reports WHERE id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task An_api_key_files_only_for_its_own_party_and_association()
    {
        var client = _factory.CreateClient().WithApiKey(DemoSeed.DemoApiKey);
        var otherParty = ReportBodies.ForNassjoKommun(_referenceData);
        otherParty["reporterPartyId"] = _referenceData.PartyId(ReportBodies.Association, "Försäkringskassan");

        await Problems.AssertProblemAsync(await client.PostReportAsync(otherParty), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await client.PostReportAsync(NeighbourReport()), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_revoked_or_unknown_api_key_is_a_401_and_never_falls_back_to_anonymous()
    {
        var key = ApiClients.NewKey();
        var association = await _factory.ScalarAsync<Guid>("SELECT id FROM associations WHERE code = 'hoglandet'");
        var clientId = await _factory.InTransactionAsync(session => ApiClients.InsertAsync(session, association,
            _referenceData.PartyId(ReportBodies.Association, "Nässjö kommun"), "Test system", key, _factory.Clock.GetUtcNow(), CancellationToken.None));

        var client = _factory.CreateClient().WithApiKey(key);
        Assert.Equal(HttpStatusCode.Created, (await client.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData))).StatusCode);

        Assert.True(await _factory.InTransactionAsync(session => ApiClients.RevokeAsync(session, clientId, _factory.Clock.GetUtcNow(), CancellationToken.None)));

        await Problems.AssertProblemAsync(await client.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData)), HttpStatusCode.Unauthorized);
        var unknown = _factory.CreateClient().WithApiKey("lh_" + new string('0', 64));
        await Problems.AssertProblemAsync(await unknown.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData)), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reading_a_report_needs_a_token()
    {
        var id = await FileAsync(ReportBodies.FromFixture(_referenceData, 0));

        await Problems.AssertProblemAsync(await _factory.CreateClient().GetAsync($"/api/v1/reports/{id}"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("reporter", DemoSeed.ReporterEmail)]
    [InlineData("analyst", DemoSeed.AnalystEmail)]
    [InlineData("responder", DemoSeed.ResponderFkEmail)]
    public async Task Reading_a_report_is_refused_to_roles_other_than_triager_and_admin(string role, string email)
    {
        var id = await FileAsync(ReportBodies.FromFixture(_referenceData, 0));
        var client = _factory.CreateClient().WithBearer(TestTokens.For(role, email));

        await Problems.AssertProblemAsync(await client.GetAsync($"/api/v1/reports/{id}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_triager_reads_only_reports_of_associations_where_they_sit_in_a_steering_group()
    {
        var own = await FileAsync(ReportBodies.FromFixture(_referenceData, 0));
        var neighbours = await FileAsync(NeighbourReport());
        var triager = _factory.CreateClient().WithBearer(TestTokens.For("triager", DemoSeed.TriagerEmail));
        var outsider = _factory.CreateClient().WithBearer(TestTokens.For("triager", "someone.else@demo.lexheller.example"));

        Assert.Equal(HttpStatusCode.OK, (await triager.GetAsync($"/api/v1/reports/{own}")).StatusCode);
        await Problems.AssertProblemAsync(await triager.GetAsync($"/api/v1/reports/{neighbours}"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await outsider.GetAsync($"/api/v1/reports/{own}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_admin_who_is_a_member_reads_reports_of_that_association()
    {
        var neighbours = await FileAsync(NeighbourReport());
        var admin = _factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));

        var response = await admin.GetAsync($"/api/v1/reports/{neighbours}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DemoSeed.NeighbourCode, (string)(await response.ReadJsonAsync())["association"]!["code"]!);
    }

    [Fact]
    public async Task An_unknown_report_is_a_404()
    {
        var triager = _factory.CreateClient().WithBearer(TestTokens.For("triager", DemoSeed.TriagerEmail));

        await Problems.AssertProblemAsync(await triager.GetAsync($"/api/v1/reports/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    private JsonObject NeighbourReport()
    {
        var body = ReportBodies.FromFixture(_referenceData, 0);
        body["associationCode"] = DemoSeed.NeighbourCode;
        body["areaCode"] = "habo";
        body["reporterPartyId"] = _referenceData.PartyId(DemoSeed.NeighbourCode, "Habo kommun");
        body["involvedPartyIds"] = new JsonArray(_referenceData.PartyId(DemoSeed.NeighbourCode, "Försäkringskassan"));
        return body;
    }

    private async Task<Guid> FileAsync(JsonObject body)
    {
        var reporter = _factory.ActingReporterClient();
        var response = await reporter.PostReportAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (Guid)(await response.ReadJsonAsync())["id"]!;
    }
}
