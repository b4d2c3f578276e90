using System.Buffers.Binary;
using System.Globalization;
using System.Xml.Linq;

namespace LexHeller.Api.Tests.Charts;

/// <summary>The charts over HTTP: at /api/v1/charts with a bearer token, and under /statistik with the sign-in cookie.</summary>
public sealed class ChartEndpointTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    public static TheoryData<string> Charts => ["categories-over-time", "party-pairs", "pareto", "areas-radar"];

    private HttpClient Analyst => _factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task Every_chart_is_an_SVG_document_and_a_PNG_of_the_size_asked_for_private_to_the_browser(string chart)
    {
        var analyst = Analyst;

        using var svg = await analyst.GetAsync($"/api/v1/charts/{chart}.svg?associationCode=hoglandet&interval=quarter");
        using var png = await analyst.GetAsync($"/api/v1/charts/{chart}.png?width=800&height=450");

        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Equal("svg", XDocument.Parse(await svg.Content.ReadAsStringAsync()).Root!.Name.LocalName);
        Assert.True(svg.Headers.CacheControl?.Private, "A chart of an association's figures is for the signed-in browser only.");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal(800, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(450, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    [Fact]
    public async Task A_withheld_party_pair_is_drawn_as_the_withheld_mark_and_never_as_its_number()
    {
        var workflow = new Workflow(_factory);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous);
        // 2015: a year the demo seed never reaches. One report from a municipality about the region (small: withheld),
        // three from the region about Försäkringskassan (shown: the heatmap's cells are no sum, and the totals are not drawn).
        await FileAsync(workflow, referenceData, "municipality", "region", new DateOnly(2015, 3, 2));
        for (var day = 1; day <= 3; day++)
            await FileAsync(workflow, referenceData, "region", "social-insurance", new DateOnly(2015, 4, day));

        using var response = await Analyst.GetAsync("/api/v1/charts/party-pairs.svg?from=2015-01-01&to=2015-12-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        var texts = svg.Descendants(svg.Name.Namespace + "text").Select(text => text.Value.Trim()).ToList();
        Assert.Single(texts, "..");
        Assert.Single(texts, "3");
        Assert.Equal(23, texts.Count(text => text == "0"));
        Assert.DoesNotContain("1", texts);
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public async Task An_anonymous_caller_gets_401_and_a_reporter_403(string chart)
    {
        using var anonymous = await _factory.CreateClient().GetAsync($"/api/v1/charts/{chart}.svg");
        using var reporter = await _factory.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail))
            .GetAsync($"/api/v1/charts/{chart}.png");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await Problems.AssertProblemAsync(reporter, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("pie.svg")]
    [InlineData("pareto.gif")]
    [InlineData("party_pairs.png")]
    public async Task A_chart_or_format_that_does_not_exist_is_a_404_problem(string file)
    {
        using var response = await Analyst.GetAsync($"/api/v1/charts/{file}");

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("width=299", "width")]
    [InlineData("width=2401", "width")]
    [InlineData("height=199", "height")]
    [InlineData("height=1601", "height")]
    [InlineData("interval=week", "interval")]
    [InlineData("from=2026-05-01&to=2026-01-01", "from")]
    public async Task A_size_interval_or_period_out_of_bounds_is_a_400_naming_the_field(string query, string field)
    {
        using var response = await Analyst.GetAsync($"/api/v1/charts/pareto.png?{query}");

        await Problems.AssertInvalidFieldAsync(response, field);
    }

    [Fact]
    public async Task Another_associations_chart_is_forbidden_to_the_analyst()
    {
        using var response = await Analyst.GetAsync("/api/v1/charts/pareto.svg?associationCode=jonkoping");

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Under_the_Statistik_page_a_chart_opens_with_the_sign_in_cookie_which_the_API_does_not_read()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.AnalystEmail);

        using var page = await client.GetAsync("/statistik/diagram/areas-radar.png?bredd=640&hojd=400&intervall=year");
        using var api = await client.GetAsync("/api/v1/charts/areas-radar.png");
        using var missing = await client.GetAsync("/statistik/diagram/pie.svg");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("image/png", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian((await page.Content.ReadAsByteArrayAsync()).AsSpan(16, 4)));
        Assert.True(page.Headers.CacheControl?.Private);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.StartsWith("text/html", missing.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null, "/logga-in")]
    [InlineData(DemoSeed.ReporterEmail, "/ingen-behorighet")]
    public async Task Under_the_Statistik_page_a_chart_sends_others_to_sign_in_or_to_the_no_access_page(string? email, string expected)
    {
        var client = _factory.CreatePageClient();
        if (email is not null)
            await client.SignInAsync(email);

        using var response = await client.GetAsync("/statistik/diagram/pareto.svg");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(expected, response.Headers.Location!.PathAndQuery);
    }

    private static async Task FileAsync(Workflow workflow, ReferenceDataSnapshot referenceData, string reporterKind, string involvedKind, DateOnly eventDate)
    {
        var body = ReportBodies.FromFixture(referenceData, 0);
        var area = (string)body["areaCode"]!;
        body["eventDate"] = eventDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        body["reporterPartyId"] = referenceData.PartyOfKind(ReportBodies.Association, area, reporterKind);
        body["involvedPartyIds"] = new JsonArray(JsonValue.Create(referenceData.PartyOfKind(ReportBodies.Association, area, involvedKind)));
        await workflow.FileAsync(body);
    }
}
