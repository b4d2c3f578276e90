using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LexHeller.Api.Demo;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// Statistics count what was filed: reports are filed through the API with chosen areas, categories,
/// event dates and parties, and every expected figure is computed here from that list with LINQ.
/// The event dates lie in 2015, a year the demo data never reaches, so the seed does not disturb the
/// counts. Written once and bound to each engine, since the month key and the date filters are SQL that
/// differs between them.
/// </summary>
public abstract class StatisticsContract : IAsyncDisposable
{
    public const string From = "2015-01-01";
    public const string To = "2015-12-31";

    private LexHellerApiFactory? _factory;
    private Workflow _workflow = null!;
    private ReferenceDataSnapshot _referenceData = null!;
    private HttpClient _analyst = null!;

    protected abstract ValueTask<LexHellerApiFactory> CreateFactoryAsync();

    /// <summary>A report as the test files it: what the statistics should count it by.</summary>
    public sealed record Seeded(string Area, string Category, DateOnly EventDate, string ReporterKind, string[] InvolvedParties)
    {
        public string Month => EventDate.ToString("yyyy-MM", CultureInfo.InvariantCulture);

        public string Quarter => $"{EventDate.Year}-Q{(EventDate.Month + 2) / 3}";

        /// <summary>The distinct kinds among the involved parties (each a kind, or a municipality named "Eksjö kommun").</summary>
        public IEnumerable<string> InvolvedKinds => InvolvedParties.Select(party => party.EndsWith(" kommun", StringComparison.Ordinal) ? "municipality" : party).Distinct();
    }

    /// <summary>22 reports over 2015 in three areas, four categories and five party kinds; one involves two municipalities.</summary>
    public static IReadOnlyList<Seeded> Spread()
    {
        string[] areas = ["nassjo", "vetlanda", "tranas"];
        string[] categories = ["conflicting-rules", "catch-22", "handover", "conflicting-rules", "waiting-time", "catch-22"];
        string[] reporters = ["municipality", "region", "social-insurance", "employment-service", "municipality"];
        string[][] involved = [["social-insurance"], ["region", "municipality"], ["employment-service"], ["municipality", "social-insurance", "employment-service"]];
        var reports = Enumerable.Range(0, 21).Select(i => new Seeded(
            areas[i % areas.Length],
            categories[i % categories.Length],
            new DateOnly(2015, 1 + i * 5 % 12, 1 + i),
            reporters[i % reporters.Length],
            involved[i % involved.Length])).ToList();
        reports.Add(new Seeded("nassjo", "handover", new DateOnly(2015, 6, 30), "region", ["Nässjö kommun", "Eksjö kommun", "region"]));
        return reports;
    }

    private async Task StartAsync(int suppressionThreshold)
    {
        _factory = await CreateFactoryAsync();
        _workflow = new Workflow(_factory);
        _referenceData = await ReferenceDataSnapshot.LoadAsync(_workflow.Anonymous);
        _analyst = _factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));
        await SetSuppressionThresholdAsync(suppressionThreshold);
    }

    private Task SetSuppressionThresholdAsync(int threshold) => _factory!.ExecuteAsync(
        "UPDATE associations SET suppression_threshold = @Threshold WHERE code = @Code", new { Threshold = threshold, Code = ReportBodies.Association });

    private async Task<Guid> FileAsync(Seeded report, int fixture = 0)
    {
        var body = ReportBodies.FromFixture(_referenceData, fixture);
        body["areaCode"] = report.Area;
        body["eventDate"] = report.EventDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        body["suggestedCategory"] = report.Category;
        body["reporterPartyId"] = _referenceData.PartyOfKind(ReportBodies.Association, report.Area, report.ReporterKind);
        body["involvedPartyIds"] = new JsonArray([.. report.InvolvedParties.Select(party => (JsonNode)JsonValue.Create(party.Contains(' ', StringComparison.Ordinal)
            ? _referenceData.PartyId(ReportBodies.Association, party)
            : _referenceData.PartyOfKind(ReportBodies.Association, report.Area, party)))]);
        return (await _workflow.FileAsync(body)).Id;
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var response = await _analyst.GetAsync($"{path}{separator}associationCode=hoglandet&from={From}&to={To}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    private static int? Value(JsonNode? cell) => (int?)cell!["value"];

    [Theory]
    [InlineData("month")]
    [InlineData("quarter")]
    [InlineData("year")]
    public async Task Counts_per_category_and_period_equal_the_reports_filed(string interval)
    {
        await StartAsync(suppressionThreshold: 1);
        var reports = Spread();
        foreach (var report in reports)
            await FileAsync(report);

        var statistics = await GetAsync($"/api/v1/statistics/categories?interval={interval}");

        Func<Seeded, string> periodOf = interval switch { "month" => r => r.Month, "quarter" => r => r.Quarter, _ => r => "2015" };
        string[] expectedPeriods = interval switch
        {
            "month" => [.. Enumerable.Range(1, 12).Select(m => $"2015-{m:D2}")],
            "quarter" => ["2015-Q1", "2015-Q2", "2015-Q3", "2015-Q4"],
            _ => ["2015"],
        };
        Assert.Equal(expectedPeriods, statistics["periods"]!.AsArray().Select(p => (string)p!));
        var rows = statistics["categories"]!.AsArray();
        Assert.Equal(12, rows.Count);
        foreach (var row in rows)
        {
            var code = (string)row!["code"]!;
            var expected = expectedPeriods.Select(period => reports.Count(r => r.Category == code && periodOf(r) == period));
            Assert.Equal(expected.Select(count => (int?)count), row["counts"]!.AsArray().Select(Value));
            Assert.Equal(reports.Count(r => r.Category == code), Value(row["total"]));
        }

        Assert.Equal(expectedPeriods.Select(period => (int?)reports.Count(r => periodOf(r) == period)), statistics["totals"]!.AsArray().Select(Value));
        Assert.Equal(reports.Count, Value(statistics["total"]));
        Assert.Equal("Regelverk som går isär", (string)rows.Single(row => (string)row!["code"]! == "conflicting-rules")!["label"]!);
    }

    [Fact]
    public async Task The_party_pair_matrix_counts_each_report_once_per_distinct_involved_kind()
    {
        await StartAsync(suppressionThreshold: 1);
        var reports = Spread();
        foreach (var report in reports)
            await FileAsync(report);

        var matrix = await GetAsync("/api/v1/statistics/party-pairs");

        var cells = matrix["cells"]!.AsArray();
        Assert.Equal(25, cells.Count);
        foreach (var cell in cells)
        {
            var (reporter, involved) = ((string)cell!["reporterKind"]!, (string)cell["involvedKind"]!);
            Assert.Equal(reports.Count(r => r.ReporterKind == reporter && r.InvolvedKinds.Contains(involved)), Value(cell["count"]));
        }

        foreach (var total in matrix["reporterTotals"]!.AsArray())
            Assert.Equal(reports.Count(r => r.ReporterKind == (string)total!["reporterKind"]!), Value(total!["reports"]));
        Assert.Equal(reports.Count, Value(matrix["total"]));
        // Three reports by the region involve a municipality; the one with two municipalities counts once, not twice.
        Assert.Equal(3, Value(cells.Single(c => (string)c!["reporterKind"]! == "region" && (string)c["involvedKind"]! == "municipality")!["count"]));
    }

    [Fact]
    public async Task Counts_per_area_and_category_equal_the_reports_filed_and_an_area_filter_narrows_every_statistic()
    {
        await StartAsync(suppressionThreshold: 1);
        var reports = Spread();
        foreach (var report in reports)
            await FileAsync(report);

        var statistics = await GetAsync("/api/v1/statistics/areas");

        var categories = statistics["categories"]!.AsArray().Select(c => (string)c!["code"]!).ToList();
        var areas = statistics["areas"]!.AsArray();
        Assert.Equal(["aneby", "eksjo", "nassjo", "savsjo", "tranas", "vetlanda"], areas.Select(a => (string)a!["code"]!).Order());
        foreach (var area in areas)
        {
            var code = (string)area!["code"]!;
            Assert.Equal(categories.Select(category => (int?)reports.Count(r => r.Area == code && r.Category == category)), area["counts"]!.AsArray().Select(Value));
            Assert.Equal(reports.Count(r => r.Area == code), Value(area["total"]));
        }

        var vetlanda = await GetAsync("/api/v1/statistics/categories?areaCode=vetlanda&interval=year");
        Assert.Equal(reports.Count(r => r.Area == "vetlanda"), Value(vetlanda["total"]));
        Assert.Equal("vetlanda", (string)vetlanda["filter"]!["areaCode"]!);
    }

    [Fact]
    public async Task Counts_of_one_and_two_are_suppressed_three_is_not_and_a_changed_threshold_is_followed()
    {
        await StartAsync(suppressionThreshold: 3);
        // catch-22: one report in March; handover: two in April; waiting-time: three in May.
        Seeded[] reports =
        [
            new("nassjo", "catch-22", new DateOnly(2015, 3, 2), "municipality", ["social-insurance"]),
            new("nassjo", "handover", new DateOnly(2015, 4, 2), "municipality", ["social-insurance"]),
            new("nassjo", "handover", new DateOnly(2015, 4, 3), "municipality", ["social-insurance"]),
            new("nassjo", "waiting-time", new DateOnly(2015, 5, 2), "municipality", ["social-insurance"]),
            new("nassjo", "waiting-time", new DateOnly(2015, 5, 3), "municipality", ["social-insurance"]),
            new("nassjo", "waiting-time", new DateOnly(2015, 5, 4), "municipality", ["social-insurance"]),
        ];
        foreach (var report in reports)
            await FileAsync(report);

        var statistics = await GetAsync("/api/v1/statistics/categories");
        JsonNode Cell(JsonNode root, string category, int month) =>
            root["categories"]!.AsArray().Single(row => (string)row!["code"]! == category)!["counts"]![month - 1]!;

        Assert.Equal(3, (int)statistics["filter"]!["suppressionThreshold"]!);
        foreach (var (category, month) in new[] { ("catch-22", 3), ("handover", 4) })
        {
            Assert.Null(Value(Cell(statistics, category, month)));
            Assert.True((bool)Cell(statistics, category, month)["suppressed"]!);
        }

        Assert.Equal(3, Value(Cell(statistics, "waiting-time", 5)));
        Assert.False((bool)Cell(statistics, "waiting-time", 5)["suppressed"]!);
        Assert.Equal(0, Value(Cell(statistics, "waiting-time", 6)));
        Assert.False((bool)Cell(statistics, "waiting-time", 6)["suppressed"]!);
        Assert.Equal(6, Value(statistics["total"]));

        var matrix = await GetAsync("/api/v1/statistics/party-pairs");
        var pair = matrix["cells"]!.AsArray().Single(c => (string)c!["reporterKind"]! == "municipality" && (string)c["involvedKind"]! == "social-insurance")!;
        Assert.Equal(6, Value(pair["count"]));

        await SetSuppressionThresholdAsync(4);
        var stricter = await GetAsync("/api/v1/statistics/categories");
        Assert.Null(Value(Cell(stricter, "waiting-time", 5)));
        Assert.True((bool)Cell(stricter, "waiting-time", 5)["suppressed"]!);
    }

    [Fact]
    public async Task Reports_closed_as_duplicate_or_forwarded_are_not_counted()
    {
        await StartAsync(suppressionThreshold: 1);
        var kept = new Seeded("nassjo", "handover", new DateOnly(2015, 2, 2), "municipality", ["social-insurance"]);
        var survivor = await FileAsync(kept);
        await FileAsync(kept);
        var duplicate = await FileAsync(kept);
        await _workflow.StepAsync(duplicate, "closure", new { resolution = "duplicate", duplicateOfReportId = survivor, reason = "Samma händelse." });
        // Aneby's reports about the region are forwarded to the neighbouring association by a routing rule.
        await FileAsync(new Seeded("aneby", "handover", new DateOnly(2015, 2, 3), "municipality", ["region"]));

        var statistics = await GetAsync("/api/v1/statistics/categories?interval=year");

        Assert.Equal(2, Value(statistics["total"]));
    }

    [Fact]
    public async Task Lead_times_are_the_median_and_90th_percentile_days_to_each_milestone_and_the_share_answered_in_time()
    {
        await StartAsync(suppressionThreshold: 1);
        var factory = _factory!;
        var filed = factory.Clock.GetUtcNow();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add(await FileAsync(new Seeded("nassjo", "handover", new DateOnly(2015, 3, 1 + i), "municipality", ["social-insurance"])));

        var referred = new Dictionary<Guid, DateTimeOffset>();
        var answered = new Dictionary<Guid, DateTimeOffset>();
        var closed = new Dictionary<Guid, DateTimeOffset>();
        foreach (var (id, wait) in ids.Zip(new[] { 0, 1, 1, 1, 7 }))
        {
            factory.Clock.Advance(TimeSpan.FromDays(wait));
            await _workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
            await _workflow.ReferAsync(id, "Försäkringskassan");
            referred[id] = factory.Clock.GetUtcNow();
        }

        foreach (var (id, wait) in ids.Zip(new[] { 0, 0, 60, 0, 0 }))
        {
            factory.Clock.Advance(TimeSpan.FromDays(wait));
            await _workflow.AnswerAsync(_workflow.ResponderFk, id);
            answered[id] = factory.Clock.GetUtcNow();
        }

        foreach (var id in ids.Take(3))
        {
            await _workflow.StepAsync(id, "closure", new { resolution = "answered", reason = "Besvarad." });
            closed[id] = factory.Clock.GetUtcNow();
        }

        var dueOn = new Dictionary<Guid, DateOnly>();
        foreach (var id in ids)
            dueOn[id] = DateOnly.Parse((string)(await _workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["referrals"]![0]!["dueOn"]!, CultureInfo.InvariantCulture);

        var leadTimes = await GetAsync("/api/v1/statistics/lead-times");

        // The clock stays at 10:00 in Sweden and never crosses a change of daylight-saving time, so whole days apart are calendar days apart.
        double DaysFromFiling(DateTimeOffset at) => (at - filed).TotalDays;
        var expected = new Dictionary<string, double[]>
        {
            ["referral"] = [.. referred.Values.Select(DaysFromFiling)],
            ["answer"] = [.. answered.Values.Select(DaysFromFiling)],
            ["closure"] = [.. closed.Values.Select(DaysFromFiling)],
        };
        var milestones = leadTimes["milestones"]!.AsArray();
        Assert.Equal(["referral", "answer", "closure"], milestones.Select(m => (string)m!["milestone"]!));
        foreach (var milestone in milestones)
        {
            var days = expected[(string)milestone!["milestone"]!];
            Assert.Equal(days.Length, Value(milestone["reports"]));
            Assert.Equal(Math.Round(Quantile(days, 0.5), 1), (double)milestone["medianDays"]!);
            Assert.Equal(Math.Round(Quantile(days, 0.9), 1), (double)milestone["percentile90Days"]!);
        }

        // Referral waits 0, 1, 2, 3 and 10 days: median 2, 90th percentile 3 + 0.6 × (10 − 3).
        Assert.Equal(2.0, (double)milestones[0]!["medianDays"]!);
        Assert.Equal(7.2, (double)milestones[0]!["percentile90Days"]!);

        var inTime = ids.Count(id => DateOnly.FromDateTime(answered[id].UtcDateTime) <= dueOn[id]);
        var share = leadTimes["answeredInTime"]!;
        Assert.Equal(ids.Count, Value(share["referrals"]));
        Assert.Equal(inTime, Value(share["answeredInTime"]));
        Assert.Equal(Math.Round((double)inTime / ids.Count, 3), (double)share["share"]!);
        Assert.InRange(inTime, 1, ids.Count - 1);
    }

    /// <summary>Linear interpolation between closest ranks, written out here as the test's own reckoning.</summary>
    private static double Quantile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var h = (sorted.Length - 1) * p;
        var below = sorted[(int)Math.Floor(h)];
        var above = sorted[(int)Math.Ceiling(h)];
        return below + (above - below) * (h - Math.Floor(h));
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
