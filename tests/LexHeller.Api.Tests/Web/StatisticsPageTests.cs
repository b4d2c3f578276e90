using System.Globalization;
using System.Text.RegularExpressions;

namespace LexHeller.Api.Tests.Web;

/// <summary>The Statistik page over HTTP: who may open it, what it shows, and how a filter it cannot use is answered.</summary>
public sealed partial class StatisticsPageTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [GeneratedRegex("<img src=\"(/statistik/diagram/[a-z-]+\\.svg[^\"]*)\" alt=\"([^\"]*)\"")]
    private static partial Regex ChartImage();

    [GeneratedRegex("<caption[^>]*>([^<]+)</caption>")]
    private static partial Regex Caption();

    [Fact]
    public async Task The_demo_analyst_sees_the_tables_and_the_four_charts_with_their_words_and_links()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.AnalystEmail);

        var page = await client.GetPageAsync("/statistik");

        Assert.Contains("<h1>Statistik</h1>", page);
        Assert.Contains("<a href=\"/statistik\">Statistik</a>", page);
        Assert.Equal(
            ["Antal avvikelser per kategori och månad", "Antal avvikelser per rapportörens part (rader) och berörd part (kolumner)",
             "Antal avvikelser per kategori (rader) och område (kolumner)", "Dagar från att avvikelsen lämnades",
             "Rapportörernas svar per kategori, avslutade avvikelser", "Rapportörernas svar per part, avslutade avvikelser som parten fick frågor om"],
            Caption().Matches(page).Select(match => match.Groups[1].Value));
        Assert.Contains("<th scope=\"row\">Regelverk som går isär</th>", page);
        Assert.Contains("<th scope=\"col\" class=\"number\">Berör Försäkringskassan</th>", page);
        var charts = ChartImage().Matches(page).ToList();
        Assert.Equal(["categories-over-time", "pareto", "party-pairs", "areas-radar"],
            charts.Select(chart => Regex.Match(chart.Groups[1].Value, "diagram/([a-z-]+)\\.svg").Groups[1].Value));
        Assert.All(charts, chart => Assert.True(chart.Groups[2].Value.Length > 60, $"Too little alt text: {chart.Groups[2].Value}"));
        foreach (var source in charts.Select(chart => WebUtility.HtmlDecode(chart.Groups[1].Value)))
        {
            Assert.Contains("forbund=hoglandet", source);
            using var image = await client.GetAsync(source);
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/svg+xml", image.Content.Headers.ContentType?.MediaType);
            Assert.Contains($"href=\"{source.Replace(".svg", ".png", StringComparison.Ordinal).Replace("&", "&amp;", StringComparison.Ordinal)}&amp;bredd=1920&amp;hojd=1080\"", page);
        }
    }

    [Fact]
    public async Task A_count_below_the_threshold_and_the_total_that_would_give_it_away_are_shown_as_withheld_in_the_tables()
    {
        var workflow = new Workflow(_factory);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous);
        var body = ReportBodies.FromFixture(referenceData, 0);
        body["eventDate"] = "2015-03-02";
        body["suggestedCategory"] = "catch-22";
        await workflow.FileAsync(body);
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.AnalystEmail);

        var page = await client.GetPageAsync("/statistik?fran=2015-01-01&till=2015-12-31&intervall=year");

        var row = Regex.Match(page, "<th scope=\"row\">Moment 22</th>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(["..", ".."], Regex.Matches(row, "<td[^>]*class=\"number\">([^<]*)</td>").Select(cell => cell.Groups[1].Value));
        Assert.Contains("Antal under 3 visas inte, och inte heller de antal och summor som de annars", page);
        Assert.Contains("Sådana antal står som <q>..</q>", page);
    }

    [Fact]
    public async Task A_triager_sees_the_reports_behind_a_pattern_as_links_and_an_analyst_sees_counts_only()
    {
        var workflow = new Workflow(_factory);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous);
        var filed = new List<Guid>();
        for (var day = 1; day <= 3; day++)
        {
            var body = ReportBodies.FromFixture(referenceData, 0);
            body["eventDate"] = $"2026-11-0{day}";
            filed.Add((await workflow.FileAsync(body)).Id);
        }

        var triager = _factory.CreatePageClient();
        await triager.SignInAsync(DemoSeed.TriagerEmail);
        var analyst = _factory.CreatePageClient();
        await analyst.SignInAsync(DemoSeed.AnalystEmail);
        var triagerPage = await triager.GetPageAsync("/statistik?intervall=quarter");
        var analystPage = await analyst.GetPageAsync("/statistik");

        Assert.Contains("Avvikelser per kategori och kvartal", triagerPage);
        var triagerPatterns = PatternList(triagerPage);
        Assert.All(filed, id => Assert.Contains($"<a href=\"/triage/avvikelse/{id}\">", triagerPatterns));
        var analystPatterns = PatternList(analystPage);
        Assert.Contains("avvikelser (", analystPatterns);
        Assert.DoesNotContain("/triage/avvikelse/", analystPage);
    }

    [Fact]
    public async Task The_export_buttons_download_the_pages_selection_as_CSV_for_Swedish_Excel_and_as_JSON()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.AnalystEmail);
        var page = await client.GetPageAsync("/statistik?fran=2025-06-01&intervall=quarter");

        var exports = Regex.Matches(page, "<a class=\"button secondary-button\" href=\"(/statistik/export/[^\"]+)\"")
            .Select(match => WebUtility.HtmlDecode(match.Groups[1].Value)).ToList();

        Assert.Equal(10, exports.Count);
        Assert.All(exports, export => Assert.Contains("forbund=hoglandet&fran=2025-06-01&till=2026-11-24&intervall=quarter", export));
        foreach (var export in exports)
        {
            using var response = await client.GetAsync(export);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{export}: {(int)response.StatusCode}");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            if (export.Contains(".csv?", StringComparison.Ordinal))
            {
                Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
                Assert.Contains(';', System.Text.Encoding.UTF8.GetString(bytes).Split("\r\n")[0]);
            }
            else
            {
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                using var json = System.Text.Json.JsonDocument.Parse(bytes);
            }
        }

        var reports = await client.GetStringAsync(exports.Single(export => export.StartsWith("/statistik/export/avvikelser.csv", StringComparison.Ordinal)));
        Assert.StartsWith("\uFEFFassociation;area;areaName;", reports);
        Assert.Matches("\r\nwithheld;[0-9]+;[;]*\r\n$", reports);
        using var missing = await client.GetAsync("/statistik/export/personer.csv");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static string PatternList(string page)
    {
        var list = Regex.Match(page, "<ul class=\"pattern-list\".*?</ul>", RegexOptions.Singleline);
        Assert.True(list.Success, "The page lists no pattern.");
        return list.Value;
    }

    [Theory]
    [InlineData(null, "/logga-in")]
    [InlineData(DemoSeed.ReporterEmail, "/ingen-behorighet")]
    [InlineData(DemoSeed.ResponderFkEmail, "/ingen-behorighet")]
    public async Task Others_are_sent_to_sign_in_or_to_the_no_access_page(string? email, string expected)
    {
        var client = _factory.CreatePageClient();
        if (email is not null)
        {
            await client.SignInAsync(email);
            Assert.DoesNotContain("href=\"/statistik\"", await client.GetPageAsync("/"));
        }

        using var response = await client.GetAsync("/statistik");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(expected, response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("fran=2026-06-01&till=2026-01-01", "fran")]
    [InlineData("fran=inte-ett-datum", "fran")]
    [InlineData("omrade=atlantis", "omrade")]
    public async Task A_filter_that_cannot_be_used_is_shown_next_to_its_field_and_nothing_is_counted(string query, string field)
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.AnalystEmail);

        var page = await client.GetPageAsync($"/statistik?{query}");

        var errors = PageForms.ErrorSummary(page);
        Assert.NotEmpty(errors);
        Assert.Contains($"<a href=\"#{field}\">", page);
        Assert.Contains($"id=\"{field}-error\"", page);
        Assert.DoesNotContain("<table", page);
        Assert.DoesNotContain("/statistik/diagram/", page);
    }

    [Fact]
    public async Task A_date_that_cannot_be_read_is_explained_in_swedish_with_what_was_typed()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.AnalystEmail);

        var page = await client.GetPageAsync("/statistik?fran=inte-ett-datum");

        Assert.Equal(["Värdet \"inte-ett-datum\" går inte att använda."], PageForms.ErrorSummary(page));
    }

    [Fact]
    public async Task An_administrator_of_two_associations_chooses_which_one()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.AdminEmail);

        var first = await client.GetPageAsync("/statistik");
        var chosen = await client.GetPageAsync("/statistik?forbund=jonkoping");

        Assert.Contains("<select id=\"forbund\" name=\"forbund\">", first);
        Assert.Contains("Samordningsförbundet Jönköping</option>", first);
        Assert.Contains("<option value=\"jonkoping\" selected=\"selected\">", chosen);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"<strong>Visar:</strong> Samordningsförbundet Jönköping,"), chosen);
    }

    [Fact]
    public async Task An_association_the_user_may_not_read_is_refused_not_swapped_for_their_own()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.AnalystEmail);

        using var response = await client.GetAsync("/statistik?forbund=jonkoping");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/ingen-behorighet", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }
}
