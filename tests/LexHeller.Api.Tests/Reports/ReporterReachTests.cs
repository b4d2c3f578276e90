namespace LexHeller.Api.Tests.Reports;

/// <summary>
/// A signed-in reporter files only into an association where they act for a party, and only as that
/// party; anonymous intake stays the association's to allow. The demo reporter acts for Nässjö kommun
/// (Höglandet) alone. Through the API and through the report form.
/// </summary>
public sealed class ReporterReachTests : IAsyncLifetime
{
    private const string FormPath = "/anmalan?forbund=hoglandet";

    private readonly LexHellerApiFactory _factory = new();
    private ReferenceDataSnapshot _referenceData = null!;
    private HttpClient _reporter = null!;

    public async ValueTask InitializeAsync()
    {
        _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());
        // The demo reporter as the seed made them: no membership added for the test.
        _reporter = _factory.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail));
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private JsonObject InJonkoping()
    {
        var body = ReportBodies.FromFixture(_referenceData, 0);
        body["associationCode"] = DemoSeed.NeighbourCode;
        body["areaCode"] = "habo";
        body["reporterPartyId"] = _referenceData.PartyId(DemoSeed.NeighbourCode, "Habo kommun");
        body["involvedPartyIds"] = new JsonArray(_referenceData.PartyId(DemoSeed.NeighbourCode, "Försäkringskassan"));
        return body;
    }

    private JsonObject AsForsakringskassan()
    {
        var body = ReportBodies.FromFixture(_referenceData, 0);
        body["reporterPartyId"] = _referenceData.PartyId(DemoSeed.HoglandetCode, "Försäkringskassan");
        return body;
    }

    private Task<long> CountReportsAsync() => _factory.ScalarAsync<long>("SELECT COUNT(*) FROM reports");

    [Fact]
    public async Task A_signed_in_reporter_files_as_the_party_they_act_for()
    {
        using var response = await _reporter.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (Guid)(await response.ReadJsonAsync())["id"]!;
        Assert.Equal("form", await _factory.ScalarAsync<string>("SELECT channel FROM reports WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task A_signed_in_reporter_filing_into_an_association_where_they_act_for_no_party_is_refused_with_403()
    {
        var before = await CountReportsAsync();

        using var response = await _reporter.PostReportAsync(InJonkoping(), idempotencyKey: Guid.NewGuid().ToString());

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("'jonkoping'", (string)problem["detail"]!);
        Assert.Equal(before, await CountReportsAsync());
        Assert.Equal(0, await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_records"));
    }

    [Fact]
    public async Task A_signed_in_reporter_filing_as_another_party_of_their_own_association_is_refused_with_403()
    {
        var before = await CountReportsAsync();

        using var response = await _reporter.PostReportAsync(AsForsakringskassan());

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("reporterPartyId", (string)problem["detail"]!);
        Assert.Equal(before, await CountReportsAsync());
    }

    [Fact]
    public async Task A_reporter_made_to_act_for_a_party_by_an_administrator_files_as_it()
    {
        var admin = _factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        var forsakringskassan = _referenceData.PartyId(DemoSeed.HoglandetCode, "Försäkringskassan");
        using (var added = await admin.PutAsync($"/api/v1/admin/parties/{forsakringskassan}/contacts/{DemoSeed.ReporterEmail}", null))
            Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);

        using var response = await _reporter.PostReportAsync(AsForsakringskassan());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_intake_stays_per_association()
    {
        var anonymous = _factory.CreateClient();

        using var hoglandet = await anonymous.PostReportAsync(AsForsakringskassan());
        using var jonkoping = await anonymous.PostReportAsync(InJonkoping());

        Assert.Equal(HttpStatusCode.Created, hoglandet.StatusCode);
        await Problems.AssertProblemAsync(jonkoping, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_form_offers_a_signed_in_reporter_only_their_own_association_and_party()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.ReporterEmail);

        var choose = await client.GetPageAsync("/anmalan?forbund=jonkoping");
        var form = await client.GetPageAsync(FormPath);

        // Jönköping is not theirs: the form is Höglandet's, the only association where they act for a party.
        Assert.Contains("Samordningsförbund: <strong>Samordningsförbundet Höglandet</strong>", choose);
        Assert.DoesNotContain("byt förbund", choose);
        var nassjo = _referenceData.PartyId(DemoSeed.HoglandetCode, "Nässjö kommun");
        var forsakringskassan = _referenceData.PartyId(DemoSeed.HoglandetCode, "Försäkringskassan");
        var reporterSelect = System.Text.RegularExpressions.Regex.Match(form, "<select[^>]*id=\"Input_ReporterPartyId\".*?</select>",
            System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains($"value=\"{nassjo}\" selected=\"selected\"", reporterSelect);
        Assert.DoesNotContain(forsakringskassan.ToString(), reporterSelect);
        // Any party may still be one where collaboration failed.
        Assert.Contains($"name=\"Input.InvolvedPartyIds\" value=\"{forsakringskassan}\"", form);
    }

    [Fact]
    public async Task A_signed_in_reporter_posting_the_form_as_another_party_is_told_in_Swedish_and_nothing_is_filed()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.ReporterEmail);
        var before = await CountReportsAsync();
        var forsakringskassan = _referenceData.PartyId(DemoSeed.HoglandetCode, "Försäkringskassan").ToString();

        using var response = await client.PostFormAsync(FormPath,
            ReportFormFields.FromFixture(_referenceData, Guid.NewGuid().ToString("N")).With("Input.ReporterPartyId", forsakringskassan), "/anmalan");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("Du kan bara lämna avvikelser för en organisation som du företräder", Assert.Single(PageForms.ErrorSummary(page)));
        Assert.Contains((string)Fixtures.Reports()[0]!["description"]!, page);
        Assert.Equal(before, await CountReportsAsync());
    }

    [Fact]
    public async Task A_signed_in_reporter_posting_the_form_into_another_association_is_told_in_Swedish_and_nothing_is_filed()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.ReporterEmail);
        var before = await CountReportsAsync();

        using var response = await client.PostFormAsync(FormPath,
        [
            new("Input.AssociationCode", "jonkoping"), new("Input.IdempotencyKey", Guid.NewGuid().ToString("N")), new("Input.AreaCode", "habo"),
            new("Input.EventDate", "2026-11-02"), new("Input.Kind", "risk"),
            new("Input.ReporterPartyId", _referenceData.PartyId("jonkoping", "Habo kommun").ToString()),
            new("Input.InvolvedPartyIds", _referenceData.PartyId("jonkoping", "Försäkringskassan").ToString()),
            new("Input.SuggestedCategory", "unreachable"), new("Input.Description", "Ingen svarade i telefonen."), new("Input.Consequence", "Personen fick vänta."),
        ], "/anmalan");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("Du kan bara lämna avvikelser för en organisation som du företräder", Assert.Single(PageForms.ErrorSummary(page)));
        Assert.Contains("Ingen svarade i telefonen.</textarea>", page);
        Assert.Equal(before, await CountReportsAsync());
    }
}
