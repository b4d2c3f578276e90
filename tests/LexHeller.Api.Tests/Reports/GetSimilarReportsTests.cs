using LexHeller.Api.Features.Reports;
using LexHeller.Domain.Similarity;

namespace LexHeller.Api.Tests.Reports;

public sealed class GetSimilarReportsTests : IAsyncLifetime
{
    // The first fixture (conflicting-rules in Nässjö, involving the region and Försäkringskassan) told again in other words.
    private const string RetoldDescription =
        "Försörjningsstödet begärde ett läkarintyg för att kunna bedöma arbetsförmågan. Vårdcentralen skrev i stället ett intyg "
        + "för sjukpenning, men Försäkringskassan kunde inte använda intyget eftersom personen saknar SGI. Ingen visste vilket intyg som behövdes.";

    private const string RetoldConsequence = "Personen blev utan planering i sex veckor och fick åka till vårdcentralen två gånger.";

    private readonly LexHellerApiFactory _factory = new();
    private ReferenceDataSnapshot _referenceData = null!;
    private HttpClient _triager = null!;

    public async ValueTask InitializeAsync()
    {
        _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());
        _triager = _factory.CreateClient().WithBearer(TestTokens.For("triager", DemoSeed.TriagerEmail));
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_retelling_of_a_filed_report_ranks_first_among_the_reports_of_the_same_or_a_related_category()
    {
        var (fixture0, catch22, fixture8) = (await SeededAsync(0), await SeededAsync(2), await SeededAsync(8));
        var retold = await _factory.FileAsReporterAsync(Retelling());

        var candidates = await SimilarAsync(_triager, retold);

        var first = candidates[0]!;
        Assert.Equal(fixture0, (Guid)first["id"]!);
        Assert.Equal("same", (string)first["reasons"]!["category"]!);
        Assert.Equal(["region", "social-insurance"], first["reasons"]!["sharedPartyKinds"]!.AsArray().Select(kind => (string)kind!));
        Assert.Equal("Beredningsgruppen Höglandet", (string)first["queue"]!["name"]!);
        // Of the other fixtures only these involve Försäkringskassan or the region under conflicting-rules or catch-22.
        Assert.Equal(new[] { fixture0, catch22, fixture8 }.Order(), candidates.Select(c => (Guid)c!["id"]!).Order());
        Assert.Equal("related", (string)candidates.Single(c => (Guid)c!["id"]! == catch22)!["reasons"]!["category"]!);
        var scores = candidates.Select(c => (double)c!["score"]!).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.All(scores, score => Assert.InRange(score, 0, 1));
        Assert.True(scores[0] > 0.8 && scores[0] > 2 * scores[1], $"scores {string.Join(", ", scores)}");
    }

    [Fact]
    public async Task A_report_that_reads_alike_but_shares_no_kind_of_involved_party_is_not_a_candidate()
    {
        var retold = await _factory.FileAsReporterAsync(Retelling());
        var elsewhere = Retelling();
        elsewhere["involvedPartyIds"] = new JsonArray(_referenceData.PartyId(ReportBodies.Association, "Arbetsförmedlingen"));
        var aboutArbetsformedlingen = await _factory.FileAsReporterAsync(elsewhere);

        Assert.DoesNotContain(await SimilarAsync(_triager, retold), c => (Guid)c!["id"]! == aboutArbetsformedlingen);
        Assert.Empty(await SimilarAsync(_triager, aboutArbetsformedlingen));
    }

    [Fact]
    public async Task Reports_of_another_association_never_appear()
    {
        var retold = await _factory.FileAsReporterAsync(Retelling());
        var neighbours = Retelling();
        neighbours["associationCode"] = DemoSeed.NeighbourCode;
        neighbours["areaCode"] = "habo";
        neighbours["reporterPartyId"] = _referenceData.PartyId(DemoSeed.NeighbourCode, "Habo kommun");
        neighbours["involvedPartyIds"] = new JsonArray(
            _referenceData.PartyId(DemoSeed.NeighbourCode, "Region Jönköpings län"), _referenceData.PartyId(DemoSeed.NeighbourCode, "Försäkringskassan"));
        var retoldAtTheNeighbours = await _factory.FileAsReporterAsync(neighbours);
        var admin = _factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));

        Assert.DoesNotContain(await SimilarAsync(_triager, retold), c => (Guid)c!["id"]! == retoldAtTheNeighbours);
        Assert.Empty(await SimilarAsync(admin, retoldAtTheNeighbours));
    }

    [Fact]
    public async Task Reports_filed_more_than_ninety_days_apart_never_appear()
    {
        var original = await SeededAsync(0);
        _factory.Clock.Advance(TimeSpan.FromDays(89));
        var withinWindow = await _factory.FileAsReporterAsync(Retelling());
        _factory.Clock.Advance(TimeSpan.FromDays(2));
        var outsideWindow = await _factory.FileAsReporterAsync(Retelling());

        Assert.Contains(await SimilarAsync(_triager, withinWindow), c => (Guid)c!["id"]! == original);
        var later = await SimilarAsync(_triager, outsideWindow);
        Assert.DoesNotContain(later, c => (Guid)c!["id"]! == original);
        Assert.Contains(later, c => (Guid)c!["id"]! == withinWindow);
        var fromTheOriginal = await SimilarAsync(_triager, original);
        Assert.Contains(fromTheOriginal, c => (Guid)c!["id"]! == withinWindow);
        Assert.DoesNotContain(fromTheOriginal, c => (Guid)c!["id"]! == outsideWindow);
    }

    [Fact]
    public void The_api_states_how_many_reports_on_each_side_are_compared()
    {
        var description = typeof(GetSimilarReports.Response).GetProperty(nameof(GetSimilarReports.Response.WindowDays))!
            .GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), inherit: false)
            .Cast<System.ComponentModel.DescriptionAttribute>().Single().Description;

        Assert.Contains($"only the {LikelyDuplicates.NearestPerSide} filed nearest before the report and the {LikelyDuplicates.NearestPerSide} filed nearest after it", description);
    }

    [Fact]
    public async Task Only_those_who_may_read_the_report_see_its_likely_duplicates()
    {
        var retold = await _factory.FileAsReporterAsync(Retelling());
        var path = $"/api/v1/reports/{retold}/similar";

        await Problems.AssertProblemAsync(await _factory.CreateClient().GetAsync(path), HttpStatusCode.Unauthorized);
        await Problems.AssertProblemAsync(
            await _factory.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail)).GetAsync(path), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(
            await _factory.CreateClient().WithBearer(TestTokens.For("triager", "someone.else@demo.lexheller.example")).GetAsync(path), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail)).GetAsync(path)).StatusCode);
        await Problems.AssertProblemAsync(await _triager.GetAsync($"/api/v1/reports/{Guid.NewGuid()}/similar"), HttpStatusCode.NotFound);
    }

    private JsonObject Retelling()
    {
        var body = ReportBodies.FromFixture(_referenceData, 0);
        body["description"] = RetoldDescription;
        body["consequence"] = RetoldConsequence;
        return body;
    }

    /// <summary>The demo seed's copy of the fixture report at <paramref name="index"/>.</summary>
    private Task<Guid> SeededAsync(int index) => _factory.ScalarAsync<Guid>(
        "SELECT id FROM reports WHERE description = @Description AND association_id = (SELECT id FROM associations WHERE code = 'hoglandet')",
        new { Description = (string)Fixtures.Reports()[index]!["description"]! });

    private static async Task<JsonArray> SimilarAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/v1/reports/{id}/similar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(id, (Guid)body["reportId"]!);
        return body["candidates"]!.AsArray();
    }
}
