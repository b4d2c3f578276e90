using System.Text;
using Dapper;
using LexHeller.Api.Features.Exports;
using LexHeller.Testing.Disclosure;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// What the export files hold, and what they must never hold, over storage: the rows and counts equal
/// what the filed reports give when computed here, small counts are suppressed, no personal data or
/// free text leaves, and a large export streams. Written once and bound to each engine.
/// </summary>
public abstract class ExportsContract : WorkflowContract
{
    private const string Period = "associationCode=hoglandet&from=2015-01-01&to=2015-12-31";
    private const string NoteText = "Internt: Ring Anna om hennes klient på torsdag.";
    private const string AreaNameNeedingQuotes = "Nässjö \"centrum\"; norra, Å";

    private HttpClient Analyst => Factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));

    /// <summary>A threshold of 1 suppresses nothing and makes the report export 1-anonymous: the file's shape, row by row.</summary>
    private Task SetThresholdAsync(int threshold) => Factory.ExecuteAsync(
        "UPDATE associations SET suppression_threshold = @Threshold WHERE code = 'hoglandet'", new { Threshold = threshold });

    /// <summary>The reports of a CSV export (header and the last row, which counts the reports left out, taken off) and that count.</summary>
    private static (IReadOnlyList<IReadOnlyList<string>> Header, List<IReadOnlyList<string>> Reports, int Withheld) ReportRows(byte[] bytes, char delimiter)
    {
        var rows = StrictCsv.Parse(WithoutByteOrderMark(bytes), delimiter);
        Assert.Equal(ExportReports.Columns.Select(column => column.Name), rows[0]);
        var last = rows[^1];
        Assert.Equal(ExportReports.WithheldRow, last[0]);
        Assert.Equal(ExportReports.Columns.Count, last.Count);
        Assert.All(last.Skip(2), field => Assert.Equal("", field));
        return ([rows[0]], [.. rows.Skip(1).Take(rows.Count - 2)], int.Parse(last[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Files a report in 2015 with the reporter's contact, and gives it an internal note.</summary>
    private async Task<(Guid Id, string Reference, JsonObject Body)> FileWithContactAndNoteAsync(int fixture, string eventDate = "2015-05-04")
    {
        var body = ReportBodies.FromFixture(ReferenceData, fixture, ReportBodies.Contact());
        body["eventDate"] = eventDate;
        var (id, _, reference) = await Workflow.FileAsync(body);
        var note = await Workflow.Triager.PostAsJsonAsync($"/api/v1/reports/{id}/notes", new { text = NoteText });
        Assert.True(note.IsSuccessStatusCode, await note.Content.ReadAsStringAsync());
        return (id, reference, body);
    }

    private static async Task<(byte[] Bytes, HttpResponseMessage Response)> GetBytesAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadAsByteArrayAsync(), response);
    }

    private static string WithoutByteOrderMark(byte[] bytes)
    {
        Assert.True(bytes is [0xEF, 0xBB, 0xBF, ..], "The CSV starts with the UTF-8 byte-order mark.");
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
    }

    [Theory]
    [InlineData("semicolon", ';')]
    [InlineData("comma", ',')]
    public async Task The_csv_export_is_strict_rfc_4180_in_utf8_with_a_byte_order_mark_and_swedish_characters_intact(string delimiter, char character)
    {
        await StartAsync();
        await SetThresholdAsync(1);
        await Factory.ExecuteAsync("UPDATE areas SET name = @Name WHERE code = 'nassjo'", new { Name = AreaNameNeedingQuotes });
        var (_, _, nassjoBody) = await FileWithContactAndNoteAsync(0);
        var (_, _, otherBody) = await FileWithContactAndNoteAsync(2);

        var (bytes, response) = await GetBytesAsync(Analyst, $"/api/v1/exports/reports?{Period}&delimiter={delimiter}");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("lexheller-reports-hoglandet-2015-01-01-2015-12-31.csv", response.Content.Headers.ContentDisposition?.FileName);
        var (_, rows, withheld) = ReportRows(bytes, character);
        Assert.Equal(0, withheld);
        Assert.Equal([(string)nassjoBody["areaCode"]!, (string)otherBody["areaCode"]!], rows.Select(row => row[Column("area")]).Order(StringComparer.Ordinal));
        var nassjo = rows.Single(row => row[Column("area")] == "nassjo");
        Assert.Equal(AreaNameNeedingQuotes, nassjo[Column("areaName")]);
        Assert.Equal("Regelverk som går isär", nassjo[Column("categoryLabel")]);
        Assert.Equal("region,social-insurance", nassjo[Column("involvedPartyKinds")]);
        Assert.Equal("2015-05-04", nassjo[Column("eventDate")]);
        // Times are dates (Swedish calendar) even at the finest precision: the time of day is a quasi-identifier too.
        Assert.Equal("2026-11-24", nassjo[Column("filedAt")]);
        Assert.Equal("", nassjo[Column("resolution")]);
    }

    private static int Column(string name) => ExportReports.Columns.Select(column => column.Name).ToList().IndexOf(name);

    [Fact]
    public async Task Neither_export_holds_the_reference_the_reporters_identity_an_internal_note_or_free_text()
    {
        await StartAsync();
        await SetThresholdAsync(1);
        var (_, reference, body) = await FileWithContactAndNoteAsync(0);
        var contact = body["reporter"]!;

        foreach (var format in new[] { "csv", "json" })
        {
            var (bytes, _) = await GetBytesAsync(Analyst, $"/api/v1/exports/reports?{Period}&format={format}");
            var text = Encoding.UTF8.GetString(bytes);
            Assert.Contains("2015-05-04", text, StringComparison.Ordinal);
            foreach (var secret in new[]
                     {
                         reference, (string)contact["name"]!, (string)contact["email"]!, (string)contact["phone"]!, (string)contact["role"]!, NoteText,
                         (string)body["description"]!, (string)body["consequence"]!, (string)body["actionsTaken"]!, (string)body["suggestedImprovement"]!,
                     })
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Anna", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_json_export_is_an_object_saying_k_and_the_precision_with_the_reports_as_objects_with_the_csv_columns_and_the_count_left_out_last()
    {
        await StartAsync();
        await SetThresholdAsync(1);
        var (id, _, _) = await FileWithContactAndNoteAsync(0);
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        Factory.Clock.Advance(TimeSpan.FromDays(2));
        await Workflow.ReferAsync(id, "Försäkringskassan");

        var (bytes, response) = await GetBytesAsync(Analyst, $"/api/v1/exports/reports?{Period}&format=json");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lexheller-reports-hoglandet-2015-01-01-2015-12-31.json", response.Content.Headers.ContentDisposition?.FileName);
        var file = JsonNode.Parse(bytes)!.AsObject();
        Assert.Equal(["association", "k", "dates", "place", "reports", "withheld"], file.Select(property => property.Key));
        Assert.Equal(["hoglandet", "1", "day", "area", "0"],
            [(string)file["association"]!, file["k"]!.ToJsonString(), (string)file["dates"]!, (string)file["place"]!, file["withheld"]!.ToJsonString()]);
        var row = file["reports"]!.AsArray().Single()!.AsObject();
        Assert.Equal(ExportReports.Columns.Select(column => column.Name), row.Select(property => property.Key));
        Assert.Equal("2015-05-04", (string)row["eventDate"]!);
        Assert.Equal(["region", "social-insurance"], row["involvedPartyKinds"]!.AsArray().Select(kind => (string)kind!));
        Assert.Equal("referred", (string)row["status"]!);
        Assert.Equal("2", (string)row["daysToReferral"]!);
        Assert.Null(row["daysToAnswer"]);
    }

    [Fact]
    public async Task Reports_closed_as_duplicates_are_not_exported()
    {
        await StartAsync();
        await SetThresholdAsync(1);
        var (survivor, _, _) = await FileWithContactAndNoteAsync(0);
        var (duplicate, _, _) = await FileWithContactAndNoteAsync(0);
        await Workflow.StepAsync(duplicate, "closure", new { resolution = "duplicate", duplicateOfReportId = survivor, reason = "Samma händelse." });

        var (bytes, _) = await GetBytesAsync(Analyst, $"/api/v1/exports/reports?{Period}");

        var (_, rows, withheld) = ReportRows(bytes, ';');
        Assert.Equal(["received"], rows.Select(row => row[Column("status")]));
        Assert.Equal(0, withheld);
    }

    [Fact]
    public async Task A_statistics_table_writes_every_withheld_count_as_two_dots_in_csv_and_as_null_with_a_flag_in_json()
    {
        await StartAsync();
        await FileWithContactAndNoteAsync(0, "2015-03-10");
        for (var i = 0; i < 3; i++)
            await FileWithContactAndNoteAsync(3, "2015-04-10");

        var (bytes, response) = await GetBytesAsync(Analyst, $"/api/v1/exports/statistics?table=categories&{Period}");
        var rows = StrictCsv.Parse(WithoutByteOrderMark(bytes), ';');
        Assert.Equal("lexheller-categories-hoglandet-2015-01-01-2015-12-31.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(["category", "label", .. Enumerable.Range(1, 12).Select(m => $"2015-{m:D2}"), "total"], rows[0]);
        // One report in March: small, as is its category's total; zero in April is shown.
        var conflictingRules = rows.Single(row => row[0] == "conflicting-rules");
        Assert.Equal(["..", "0", ".."], [conflictingRules[2 + 2], conflictingRules[2 + 3], conflictingRules[^1]]);
        // The grand total (4) is not small, and every other figure of the table is either its count or withheld.
        Assert.Equal("4", rows[^1][^1]);
        var handover = rows.Single(row => row[0] == "handover");
        Assert.All([handover[2 + 3], handover[^1], rows[^1][2 + 3]], field => Assert.Contains(field, new[] { "3", ".." }));

        var (json, _) = await GetBytesAsync(Analyst, $"/api/v1/exports/statistics?table=categories&format=json&{Period}");
        var cell = JsonNode.Parse(json)!["categories"]!.AsArray().Single(row => (string)row!["code"]! == "conflicting-rules")!["counts"]![2]!;
        Assert.Null(cell["value"]);
        Assert.True((bool)cell["suppressed"]!);
    }

    [Theory]
    [InlineData("party-pairs", "reporterPartyKind")]
    [InlineData("lead-times", "measure")]
    [InlineData("areas", "area")]
    public async Task Every_statistics_table_exports_as_csv_with_its_header(string table, string firstColumn)
    {
        await StartAsync();
        await FileWithContactAndNoteAsync(0);

        var (bytes, _) = await GetBytesAsync(Analyst, $"/api/v1/exports/statistics?table={table}&{Period}&delimiter=comma");
        var rows = StrictCsv.Parse(WithoutByteOrderMark(bytes), ',');
        var statistics = (await Analyst.GetFromJsonAsync<JsonNode>($"/api/v1/statistics/{table}?{Period}"))!;

        // The header and the rows are those of the table the statistics endpoint gives for the same filter, and the grand total is its total.
        static string Code(JsonNode? node) => (string)node!;
        static string Count(JsonNode? cell) => (bool)cell!["suppressed"]! ? ".." : $"{(int)cell["value"]!}";
        (string[] Header, string[] RowKeys, JsonNode? Total, int TotalColumn) expected = table switch
        {
            "party-pairs" => (
                [firstColumn, .. statistics["kinds"]!.AsArray().Select(Code), "reports"],
                [.. statistics["reporterTotals"]!.AsArray().Select(row => Code(row!["reporterKind"])), "total"],
                statistics["total"], rows[0].Count - 1),
            "lead-times" => (
                [firstColumn, "reports", "medianDays", "percentile90Days", "answeredInTime", "share"],
                [.. statistics["milestones"]!.AsArray().Select(row => $"days-to-{Code(row!["milestone"])}"), "answered-in-time"],
                statistics["answeredInTime"]!["referrals"], 1),
            _ => (
                [firstColumn, "areaName", .. statistics["categories"]!.AsArray().Select(category => Code(category!["code"])), "total"],
                [.. statistics["areas"]!.AsArray().Select(row => Code(row!["code"])), "total"],
                statistics["total"], rows[0].Count - 1),
        };
        Assert.Equal(expected.Header, rows[0]);
        Assert.Equal(expected.RowKeys, rows.Skip(1).Select(row => row[0]));
        Assert.True(expected.RowKeys.Length > 1, $"The {table} table has rows besides its total.");
        Assert.All(rows, row => Assert.Equal(expected.Header.Length, row.Count));
        Assert.Equal(Count(expected.Total), rows[^1][expected.TotalColumn]);
    }

    public static TheoryData<string> Paths() => ["/api/v1/exports/reports", "/api/v1/exports/statistics?table=categories"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Reporters_and_responders_are_forbidden_and_the_anonymous_must_sign_in(string path)
    {
        await StartAsync();
        await Problems.AssertProblemAsync(await Workflow.Reporter.GetAsync(path), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await Workflow.ResponderFk.GetAsync(path), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Workflow.Anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Workflow.Triager.GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/exports/reports?format=xlsx", "format")]
    [InlineData("/api/v1/exports/reports?delimiter=tab", "delimiter")]
    [InlineData("/api/v1/exports/reports?areaCode=habo", "areaCode")]
    [InlineData("/api/v1/exports/reports?from=2026-06-01&to=2026-05-01", "from")]
    [InlineData("/api/v1/exports/statistics", "table")]
    [InlineData("/api/v1/exports/statistics?table=heatmap", "table")]
    [InlineData("/api/v1/exports/statistics?table=categories&interval=week", "interval")]
    public async Task A_bad_parameter_is_a_400_problem_before_anything_is_written(string path, string field)
    {
        await StartAsync();
        await Problems.AssertInvalidFieldAsync(await Analyst.GetAsync(path), field);
    }

    /// <summary>The party kinds in their canonical order (PartyKind's), as the export joins them.</summary>
    private static readonly string[] PartyKindOrder = ["municipality", "region", "social-insurance", "employment-service", "other"];

    /// <summary>
    /// Every fixture report once in January to March 2014, then three more of fixture 3 and two of fixture 13
    /// in April: some counts reach the suppression threshold, some do not. Returns what was filed, as
    /// the test knows it, without asking the service.
    /// </summary>
    private async Task<List<(string Reference, JsonNode Fixture, string EventDate, bool Forwarded)>> FileFixturesIn2014Async()
    {
        var fixtures = Fixtures.Reports();
        var plan = Enumerable.Range(0, fixtures.Count).Select(i => (Index: i, EventDate: $"2014-{i % 3 + 1:D2}-{10 + i % 15:D2}"))
            .Concat(Enumerable.Repeat((Index: 3, EventDate: "2014-04-02"), 3))
            .Concat(Enumerable.Repeat((Index: 13, EventDate: "2014-04-20"), 2));
        var filed = new List<(string, JsonNode, string, bool)>();
        foreach (var (index, eventDate) in plan)
        {
            var body = ReportBodies.FromFixture(ReferenceData, index);
            body["eventDate"] = eventDate;
            var (_, _, reference) = await Workflow.FileAsync(body);
            var fixture = fixtures[index]!;
            // The demo rules forward healthcare questions in Aneby to the neighbour on submit (as ReportIntakeContract knows).
            var forwarded = (string)fixture["area"]! == "aneby" && fixture["involvedPartyKinds"]!.AsArray().Any(kind => (string)kind! == "region");
            filed.Add((reference, fixture, eventDate, forwarded));
        }

        return filed;
    }

    [Fact]
    public async Task The_report_export_in_csv_and_json_equals_what_the_filed_fixture_reports_give()
    {
        await StartAsync();
        await SetThresholdAsync(1);
        var filed = await FileFixturesIn2014Async();

        // Computed here: reports closed as forwarded are counted by the receiving association (ADR 9), so not exported here.
        string[] compared = ["association", "area", "eventDate", "kind", "reporterPartyKind", "involvedPartyKinds", "category", "status", "resolution"];
        var expected = filed.Where(report => !report.Forwarded).Select(report => string.Join("|",
            "hoglandet",
            (string)report.Fixture["area"]!,
            report.EventDate,
            (string)report.Fixture["kind"]!,
            (string)report.Fixture["reporterPartyKind"]!,
            string.Join(",", PartyKindOrder.Intersect(report.Fixture["involvedPartyKinds"]!.AsArray().Select(kind => (string)kind!))),
            (string)report.Fixture["category"]!,
            "received",
            "")).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count >= 15, $"{expected.Count} reports expected");

        var (csvRows, csvWithheld, file, jsonRows) = await ReadReportExportsOf2014Async();

        Assert.Equal(0, csvWithheld);
        Assert.Equal(0, (int)file["withheld"]!);
        foreach (var rows in new[] { csvRows, jsonRows })
            Assert.Equal(expected, rows.Select(row => string.Join("|", compared.Select(column => row[column]))).Order(StringComparer.Ordinal));

        // The two formats agree on every column.
        string Whole(Dictionary<string, string> row) => string.Join("|", ExportReports.Columns.Select(column => row[column.Name]));
        Assert.Equal(csvRows.Select(Whole).Order(StringComparer.Ordinal), jsonRows.Select(Whole).Order(StringComparer.Ordinal));
    }

    private const string Year2014 = "associationCode=hoglandet&from=2014-01-01&to=2014-12-31";

    /// <summary>The analyst's report export of 2014 as CSV and as JSON: the rows by column name (arrays joined by commas as in CSV), and what each says it left out.</summary>
    private async Task<(List<Dictionary<string, string>> CsvRows, int CsvWithheld, JsonNode File, List<Dictionary<string, string>> JsonRows)> ReadReportExportsOf2014Async()
    {
        var (csvBytes, _) = await GetBytesAsync(Analyst, $"/api/v1/exports/reports?{Year2014}");
        var (header, csv, csvWithheld) = ReportRows(csvBytes, ';');
        var csvRows = csv.Select(row => header[0].Zip(row).ToDictionary(pair => pair.First, pair => pair.Second)).ToList();
        var (jsonBytes, _) = await GetBytesAsync(Analyst, $"/api/v1/exports/reports?{Year2014}&format=json");
        var file = JsonNode.Parse(jsonBytes)!;
        var jsonRows = file["reports"]!.AsArray().Select(row => row!.AsObject().ToDictionary(property => property.Key, property => property.Value switch
            {
                null => "",
                JsonArray array => string.Join(",", array.Select(item => (string)item!)),
                var value => value.ToString(),
            })).ToList();
        return (csvRows, csvWithheld, file, jsonRows);
    }

    /// <summary>What someone may know about a report from elsewhere: the columns a row's class is made of.</summary>
    private static readonly string[] QuasiIdentifiers =
    [
        "association", "area", "eventDate", "kind", "reporterPartyKind", "involvedPartyKinds", "category",
        "filedAt", "firstReferredAt", "firstAnsweredAt", "closedAt", "daysToReferral", "daysToAnswer", "daysToClosure",
    ];

    [Fact]
    public async Task The_report_export_is_k_anonymous_over_its_quasi_identifiers_and_counts_the_reports_it_leaves_out()
    {
        await StartAsync();
        var threshold = await Factory.ScalarAsync<int>("SELECT suppression_threshold FROM associations WHERE code = 'hoglandet'");
        Assert.Equal(3, threshold);
        var filed = await FileFixturesIn2014Async();
        var counted = filed.Where(report => !report.Forwarded).ToList();
        // Some of them referred, answered and closed, so that the times after filing are quasi-identifiers with values too.
        Factory.Clock.Advance(TimeSpan.FromDays(3));
        // Höglandet's own (the triager's), in the order they were filed: forwarded copies in the neighbour's are not the triager's to act on.
        var ids = (await Factory.QueryAsync<Guid>("""
            SELECT r.id FROM reports r JOIN associations a ON a.id = r.association_id
            WHERE a.code = 'hoglandet' AND r.event_date < '2014-03-01' AND r.status = 'received'
            ORDER BY r.reference
            """)).Take(6).ToList();
        foreach (var id in ids)
        {
            await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
            await Workflow.StepAsync(id, "closure", new { resolution = "resolved-locally", reason = "Klar." });
        }

        var (csvRows, csvWithheld, file, jsonRows) = await ReadReportExportsOf2014Async();

        // k over the produced files: every row shares its quasi-identifiers with at least k − 1 others.
        foreach (var (format, rows) in new[] { ("CSV", csvRows), ("JSON", jsonRows) })
        {
            var classes = rows.GroupBy(row => string.Join("|", QuasiIdentifiers.Select(column => row[column]))).ToList();
            Assert.True(classes.Count > 0, $"{format}: nothing exported");
            Assert.True(classes.Min(group => group.Count()) >= threshold,
                $"{format}: k = {classes.Min(group => group.Count())}: {classes.MinBy(group => group.Count())!.Key}");
            // So any count an analyst makes from the file, over any of its columns, is 0 or at least the threshold: never a small one.
            foreach (var columns in new[] { new[] { "area", "category" }, ["eventDate", "category"], ["reporterPartyKind", "involvedPartyKinds"], ["kind", "area"] })
                Assert.All(rows.GroupBy(row => string.Join("|", columns.Select(column => row[column]))), group => Assert.True(group.Count() >= threshold));
        }

        // The rows left out are counted, the same in both formats; the exported ones are filed reports, generalised.
        Assert.Equal(counted.Count, csvRows.Count + csvWithheld);
        Assert.Equal(csvWithheld, (int)file["withheld"]!);
        Assert.Equal(csvRows.Count, jsonRows.Count);
        Assert.True(csvWithheld < counted.Count, "Every report was left out: the test proves nothing about the kept ones.");
        var kept = counted.Select(report => string.Join("|", (string)report.Fixture["category"]!, (string)report.Fixture["kind"]!, (string)report.Fixture["reporterPartyKind"]!)).ToList();
        foreach (var row in csvRows)
            Assert.True(kept.Remove(string.Join("|", row["category"], row["kind"], row["reporterPartyKind"])), "An exported row is no filed report.");

        // The precision is the file's: at least one date coarser than a day here, the same for every row and column, and said in the JSON.
        var dates = (string)file["dates"]!;
        Assert.NotEqual("day", dates);
        Assert.All(csvRows, row => Assert.Matches(dates switch
        {
            "month" => @"^\d{4}-\d{2}$",
            "quarter" => @"^\d{4}-Q[1-4]$",
            _ => @"^\d{4}$",
        }, row["eventDate"]));
        Assert.Equal((string)file["place"]! == "association", csvRows.All(row => row["area"] == ""));
    }

    [Fact]
    public async Task The_category_statistics_export_shows_the_filed_counts_withholds_every_small_one_and_none_can_be_worked_out()
    {
        await StartAsync();
        var filed = await FileFixturesIn2014Async();
        var threshold = await Factory.ScalarAsync<int>("SELECT suppression_threshold FROM associations WHERE code = 'hoglandet'");
        var counted = filed.Where(report => !report.Forwarded)
            .Select(report => (Category: (string)report.Fixture["category"]!, Month: int.Parse(report.EventDate[5..7], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Contains(counted.GroupBy(report => report).Select(group => group.Count()), count => count >= threshold);
        Assert.Contains(counted.GroupBy(report => report).Select(group => group.Count()), count => count < threshold);

        var (bytes, _) = await GetBytesAsync(Analyst, $"/api/v1/exports/statistics?table=categories&{Year2014}");

        var rows = StrictCsv.Parse(WithoutByteOrderMark(bytes), ';');
        Assert.Equal(["category", "label", .. Enumerable.Range(1, 12).Select(m => $"2014-{m:D2}"), "total"], rows[0]);
        var categories = rows.Skip(1).Where(row => row[0] != "total").ToList();
        int? Read(string field) => field == ".." ? null : int.Parse(field, System.Globalization.CultureInfo.InvariantCulture);
        var truth = new int[categories.Count, 12];
        var cells = new int?[categories.Count, 12];
        for (var row = 0; row < categories.Count; row++)
        {
            for (var month = 1; month <= 12; month++)
            {
                var count = counted.Count(report => report.Category == categories[row][0] && report.Month == month);
                truth[row, month - 1] = count;
                cells[row, month - 1] = Read(categories[row][1 + month]);
                Assert.True(cells[row, month - 1] is null ? count > 0 : cells[row, month - 1] == count && (count == 0 || count >= threshold),
                    $"{categories[row][0]} 2014-{month:D2}: {count} written as {categories[row][1 + month]}");
            }
        }

        var published = new PublishedTable(cells, [.. categories.Select(row => Read(row[^1]))], [.. rows[^1].Skip(2).Take(12).Select(Read)], Read(rows[^1][^1]));
        Assert.Empty(TableAttacker.Recovered(published, truth));
    }

    [Fact]
    public async Task A_large_export_is_streamed_without_a_content_length_and_holds_every_report()
    {
        await StartAsync();
        var body = ReportBodies.FromFixture(ReferenceData, 5);
        body["eventDate"] = "2013-06-01";
        var (source, _, _) = await Workflow.FileAsync(body);
        const int Copies = 2000;

        // Copies of the filed report straight into storage, in one transaction (engine-neutral SQL; GUIDs made here).
        await using (var connection = await Factory.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync(CancellationToken.None))
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind, reporter_party_id,
                    suggested_category, category, description, consequence, actions_taken, suggested_improvement, affected_gender,
                    anonymous_to_parties, status, channel, version, created_at, updated_at, involved_party_kinds)
                SELECT @Id, association_id, area_id, @Reference, reference_year, @Sequence, event_date, kind, reporter_party_id,
                    suggested_category, category, description, consequence, actions_taken, suggested_improvement, affected_gender,
                    anonymous_to_parties, status, channel, version, created_at, updated_at, involved_party_kinds
                FROM reports WHERE id = @Source
                """,
                Enumerable.Range(1, Copies).Select(i => new { Id = Guid.NewGuid(), Reference = $"LH-2026-C{i:D5}", Sequence = 900_000 + i, Source = source }),
                transaction);
            await transaction.CommitAsync();
        }

        foreach (var format in new[] { "csv", "json" })
        {
            using var response = await Analyst.GetAsync(
                $"/api/v1/exports/reports?associationCode=hoglandet&from=2013-01-01&to=2013-12-31&format={format}", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentLength);
            var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
            // Copies are alike in every quasi-identifier: one class, nothing left out.
            var (count, withheld) = format == "csv"
                ? ReportRows(bytes, ';') is var (_, rows, left) ? (rows.Count, left) : default
                : JsonNode.Parse(bytes) is { } file ? (file["reports"]!.AsArray().Count, (int)file["withheld"]!) : default;
            Assert.Equal(Copies + 1, count);
            Assert.Equal(0, withheld);
        }
    }
}
