using System.Globalization;
using System.Xml.Linq;
using LexHeller.Testing.Disclosure;

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

    /// <summary>
    /// 45 reports over 2015, seeded: three areas, four categories, every month, every reporter kind, one to three
    /// involved kinds. Sparse on purpose: most cells of every table hold 0, 1 or 2, beside a few large ones.
    /// </summary>
    public static IReadOnlyList<Seeded> Adversarial()
    {
        var random = new Random(16);
        string[] areas = ["nassjo", "nassjo", "nassjo", "vetlanda", "tranas"];
        string[] categories = ["handover", "handover", "handover", "catch-22", "conflicting-rules", "waiting-time"];
        string[] kinds = ["municipality", "region", "social-insurance", "employment-service"];
        return [.. Enumerable.Range(0, 45).Select(_ => new Seeded(
            areas[random.Next(areas.Length)],
            categories[random.Next(categories.Length)],
            new DateOnly(2015, 1 + random.Next(12), 1 + random.Next(28)),
            random.Next(3) == 0 ? kinds[random.Next(kinds.Length)] : "municipality",
            [.. kinds.Where(_ => random.Next(3) == 0).DefaultIfEmpty("social-insurance")]))];
    }

    private static int? Shown(JsonNode? cell) => (bool)cell!["suppressed"]! ? null : (int)cell["value"]!;

    [Theory]
    [InlineData("month")]
    [InlineData("quarter")]
    [InlineData("year")]
    public async Task No_withheld_count_of_the_category_and_area_tables_can_be_worked_out_from_their_cells_and_totals(string interval)
    {
        await StartAsync(suppressionThreshold: 3);
        var reports = Adversarial();
        foreach (var report in reports)
            await FileAsync(report);

        var statistics = await GetAsync($"/api/v1/statistics/categories?interval={interval}");
        var areaStatistics = await GetAsync("/api/v1/statistics/areas");

        // The category table: categories × periods, with every total.
        Func<Seeded, string> periodOf = interval switch { "month" => r => r.Month, "quarter" => r => r.Quarter, _ => _ => "2015" };
        var periods = statistics["periods"]!.AsArray().Select(period => (string)period!).ToList();
        var rows = statistics["categories"]!.AsArray().Select(row => row!).ToList();
        var truth = new int[rows.Count, periods.Count];
        var cells = new int?[rows.Count, periods.Count];
        for (var row = 0; row < rows.Count; row++)
        {
            for (var column = 0; column < periods.Count; column++)
            {
                truth[row, column] = reports.Count(r => r.Category == (string)rows[row]["code"]! && periodOf(r) == periods[column]);
                cells[row, column] = Shown(rows[row]["counts"]![column]);
            }
        }

        var categoryTotals = rows.Select(row => Shown(row["total"])).ToArray();
        var categories = new PublishedTable(cells, categoryTotals,
            [.. statistics["totals"]!.AsArray().Select(Shown)], Shown(statistics["total"]));
        AssertSuppressed(categories, truth, "categories", expectSmall: interval == "month");
        Assert.Empty(TableAttacker.Recovered(categories, truth));

        // The area table: areas × categories with the areas' totals and the grand total, and the categories' totals as the
        // category table shows them: the attacker has both tables.
        var areaCategories = areaStatistics["categories"]!.AsArray().Select(category => (string)category!["code"]!).ToList();
        Assert.Equal(rows.Select(row => (string)row["code"]!), areaCategories);
        var areaRows = areaStatistics["areas"]!.AsArray().Select(area => area!).ToList();
        var areaTruth = new int[areaRows.Count, areaCategories.Count];
        var areaCells = new int?[areaRows.Count, areaCategories.Count];
        for (var row = 0; row < areaRows.Count; row++)
        {
            for (var column = 0; column < areaCategories.Count; column++)
            {
                areaTruth[row, column] = reports.Count(r => r.Area == (string)areaRows[row]["code"]! && r.Category == areaCategories[column]);
                areaCells[row, column] = Shown(areaRows[row]["counts"]![column]);
            }
        }

        var areas = new PublishedTable(areaCells, [.. areaRows.Select(area => Shown(area["total"]))], categoryTotals, Shown(areaStatistics["total"]));
        AssertSuppressed(areas, areaTruth, "areas", expectSmall: true);
        Assert.Empty(TableAttacker.Recovered(areas, areaTruth));
    }

    /// <summary>Every small count is withheld, no zero is, every shown one is the truth; and, where the data make small counts, the table withholds more than them (else there was nothing to attack).</summary>
    private static void AssertSuppressed(PublishedTable table, int[,] truth, string name, bool expectSmall)
    {
        var (complements, small) = (0, 0);
        for (var row = 0; row < truth.GetLength(0); row++)
        {
            for (var column = 0; column < truth.GetLength(1); column++)
            {
                var count = truth[row, column];
                if (table.Cells[row, column] is { } shown)
                    Assert.Equal(count, shown);
                else if (count >= 3)
                    complements++;
                Assert.False(count is > 0 and < 3 && table.Cells[row, column] is not null, $"{name}: a small count ({count}) is shown at ({row}, {column})");
                Assert.False(count == 0 && table.Cells[row, column] is null, $"{name}: a zero is withheld at ({row}, {column})");
                if (count is > 0 and < 3)
                    small++;
            }
        }

        if (!expectSmall)
            return;
        Assert.True(small > 0, $"{name}: no small count to protect");
        Assert.True(complements + CountWithheldTotals(table) > 0, $"{name}: nothing but small counts withheld");
    }

    private static int CountWithheldTotals(PublishedTable table) =>
        (table.RowTotals?.Count(total => total is null) ?? 0) + (table.ColumnTotals?.Count(total => total is null) ?? 0);

    [Fact]
    public async Task No_withheld_count_of_the_party_pair_table_or_its_heatmap_can_be_worked_out_from_its_totals_and_the_reports_it_must_hold()
    {
        await StartAsync(suppressionThreshold: 3);
        var reports = Adversarial();
        foreach (var report in reports)
            await FileAsync(report);

        var matrix = await GetAsync("/api/v1/statistics/party-pairs");

        // The attacker knows that each report involves one kind or more, so a row's cells add up to at least its total,
        // and that a cell is at most its row's total; and which withheld counts are small (1–2) and which are not (3 or more).
        var kinds = matrix["kinds"]!.AsArray().Select(kind => (string)kind!).ToList();
        var program = new LinearProgram();
        var unknowns = new List<(string Name, int Variable, int Truth)>();
        var totals = new List<(int? Variable, int Constant)>();
        foreach (var reporter in kinds)
        {
            var truth = reports.Count(r => r.ReporterKind == reporter);
            var total = Shown(matrix["reporterTotals"]!.AsArray().Single(t => (string)t!["reporterKind"]! == reporter)!["reports"]);
            int? totalVariable = null;
            if (total is null)
            {
                totalVariable = program.Variable(1);
                unknowns.Add(($"total {reporter}", totalVariable.Value, truth));
            }
            else
            {
                Assert.Equal(truth, total);
            }

            totals.Add((totalVariable, total ?? 0));
            var rowTerms = new List<(int, double)>();
            var shownSum = 0;
            foreach (var involved in kinds)
            {
                var pairTruth = reports.Count(r => r.ReporterKind == reporter && r.InvolvedKinds.Contains(involved));
                var cell = Shown(matrix["cells"]!.AsArray().Single(c => (string)c!["reporterKind"]! == reporter && (string)c["involvedKind"]! == involved)!["count"]);
                if (cell is { } value)
                {
                    Assert.Equal(pairTruth, value);
                    Assert.False(value is > 0 and < 3, $"{reporter} × {involved}: a small count is shown");
                    shownSum += value;
                    continue;
                }

                var variable = pairTruth < 3 ? program.Variable(1, 2) : program.Variable(3);
                unknowns.Add(($"{reporter} × {involved}", variable, pairTruth));
                rowTerms.Add((variable, 1));
                // cell ≤ total
                program.AtMost(totalVariable is { } t ? [(variable, 1), (t, -1)] : [(variable, 1)], totalVariable is null ? total!.Value : 0);
            }

            // Σ cells ≥ total
            program.AtLeast(totalVariable is { } tv ? [.. rowTerms, (tv, -1)] : rowTerms, totalVariable is null ? total!.Value - shownSum : -shownSum);
        }

        var grand = Shown(matrix["total"]);
        Assert.Equal(reports.Count, grand);
        program.Equal(totals.Where(t => t.Variable is not null).Select(t => (t.Variable!.Value, 1.0)), grand!.Value - totals.Sum(t => t.Constant));

        Assert.Contains(unknowns, unknown => unknown.Truth is > 0 and < 3);
        foreach (var (name, variable, truth) in unknowns)
        {
            var range = program.Range(variable);
            Assert.NotNull(range);
            Assert.InRange(truth, range.Value.Min - 1e-6, range.Value.Max + 1e-6);
            Assert.True(range.Value.Max - range.Value.Min > 1e-6, $"{name} is worked out: {truth}");
        }
    
        // The heatmap draws the table's own figures: every shown count as its number, every withheld one as "..", nothing else.
        var svg = XDocument.Parse(await (await _analyst.GetAsync($"/api/v1/charts/party-pairs.svg?associationCode=hoglandet&from={From}&to={To}")).Content.ReadAsStringAsync()).Root!;
        var drawn = svg.Descendants(svg.Name.Namespace + "text").Select(text => text.Value.Trim())
            .Where(text => text == ".." || (text.Length > 0 && text.All(char.IsAsciiDigit))).Order(StringComparer.Ordinal);
        var shown = matrix["cells"]!.AsArray().Select(cell => Shown(cell!["count"])?.ToString(CultureInfo.InvariantCulture) ?? "..").Order(StringComparer.Ordinal);
        Assert.Equal(shown, drawn);
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

    [Fact]
    public async Task The_count_answered_in_time_is_withheld_when_the_late_ones_are_too_few_to_show_and_the_judged_count_stays()
    {
        await StartAsync(suppressionThreshold: 3);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add(await FileAsync(new Seeded("nassjo", "handover", new DateOnly(2015, 3, 1 + i), "municipality", ["social-insurance"])));
        foreach (var id in ids)
        {
            await _workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
            await _workflow.ReferAsync(id, "Försäkringskassan");
        }

        // Four answered at once, in time; the fifth a year later, after its due date: one late answer.
        foreach (var id in ids.Take(4))
            await _workflow.AnswerAsync(_workflow.ResponderFk, id);
        _factory!.Clock.Advance(TimeSpan.FromDays(365));
        await _workflow.AnswerAsync(_workflow.ResponderFk, ids[4]);

        var share = (await GetAsync("/api/v1/statistics/lead-times"))["answeredInTime"]!;

        // Shown beside the judged count, four in time would give the one late answer away: 5 − 4 = 1.
        Assert.Equal(5, Shown(share["referrals"]));
        Assert.Null(Shown(share["answeredInTime"]));
        Assert.Null(share["share"]);
        Assert.True((bool)share["suppressed"]!);
    }

    [Fact]
    public async Task Lead_times_count_each_partys_referrals_by_how_they_ended_and_an_unanswered_one_as_not_in_time()
    {
        await StartAsync(suppressionThreshold: 1);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
            ids.Add(await FileAsync(new Seeded("nassjo", "handover", new DateOnly(2015, 4, 1 + i), "municipality", ["social-insurance"])));
        foreach (var id in ids)
        {
            await _workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
            await _workflow.ReferAsync(id, "Försäkringskassan");
        }

        // Answered the day it was asked; left unanswered at closure; withdrawn after the other party said "not ours".
        await _workflow.AnswerAsync(_workflow.ResponderFk, ids[0]);
        await _workflow.StepAsync(ids[1], "closure", new { resolution = "not-actionable", reason = "Inget svar." });
        await _workflow.ReferAsync(ids[2], "Arbetsförmedlingen");
        var referrals = (await _workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{ids[2]}"))!["referrals"]!.AsArray();
        Guid ReferralTo(string party) => (Guid)referrals.Single(referral => (string)referral!["party"]! == party)!["id"]!;
        var declined = await _workflow.ResponderAf.PostAsJsonAsync($"/api/v1/referrals/{ReferralTo("Arbetsförmedlingen")}/decline",
            new { reason = "Inte vår fråga.", suggestedResponsible = "Nässjö kommun" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        await _workflow.StepAsync(ids[2], $"referrals/{ReferralTo("Försäkringskassan")}/withdrawal", new { reason = "Frågan gäller kommunen." });

        var leadTimes = await GetAsync("/api/v1/statistics/lead-times");

        var parties = leadTimes["parties"]!.AsArray().ToDictionary(party => (string)party!["party"]!, party => party!);
        Assert.Equal(["Arbetsförmedlingen", "Försäkringskassan"], parties.Keys);
        int?[] Outcomes(JsonNode party) => [.. new[] { "referrals", "answered", "unanswered", "declined", "withdrawn", "open" }.Select(cell => Value(party[cell]))];
        Assert.Equal([3, 1, 1, 0, 1, 0], Outcomes(parties["Försäkringskassan"]));
        Assert.Equal([1, 0, 0, 1, 0, 0], Outcomes(parties["Arbetsförmedlingen"]));
        Assert.Equal([4, 1, 1, 1, 1, 0], Outcomes(leadTimes["partyTotal"]!));
        Assert.Equal(0.0, (double)parties["Försäkringskassan"]["medianDaysToAnswer"]!);
        Assert.Null(parties["Arbetsförmedlingen"]["medianDaysToAnswer"]);

        // Judged: the answer and the referral left unanswered; neither the withdrawn nor the declined one.
        var share = leadTimes["answeredInTime"]!;
        Assert.Equal((2, 1, 0.5), (Value(share["referrals"]), Value(share["answeredInTime"]), (double)share["share"]!));
    }

    [Fact]
    public async Task A_partys_small_count_of_unanswered_referrals_is_withheld_with_a_complement_so_it_cannot_be_worked_out()
    {
        await StartAsync(suppressionThreshold: 3);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add(await FileAsync(new Seeded("nassjo", "handover", new DateOnly(2015, 5, 1 + i), "municipality", ["social-insurance"])));
        foreach (var id in ids)
        {
            await _workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
            await _workflow.ReferAsync(id, "Försäkringskassan");
        }

        foreach (var id in ids.Take(4))
            await _workflow.AnswerAsync(_workflow.ResponderFk, id);
        await _workflow.StepAsync(ids[4], "closure", new { resolution = "not-actionable", reason = "Inget svar." });

        var party = (await GetAsync("/api/v1/statistics/lead-times"))["parties"]!.AsArray().Single()!;

        // One unanswered of five: shown beside the total, four answered would give it away.
        Assert.Null(Shown(party["unanswered"]));
        Assert.True(Shown(party["referrals"]) is null || Shown(party["answered"]) is null);
        Assert.Equal(0, Shown(party["declined"]));
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
