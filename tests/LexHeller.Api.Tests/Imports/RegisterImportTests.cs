using System.Globalization;
using System.Text.Json;
using System.Net.Http.Headers;
using System.Text;
using LexHeller.Api.Features.Imports;

namespace LexHeller.Api.Tests.Imports;

/// <summary>
/// The import of Höglandet's old register through HTTP, as its administrator does it: a generated register of a few
/// hundred rows (<see cref="GeneratedRegister"/>) as CSV and as XLSX, the dry run, the real run, and the same file again.
/// </summary>
public sealed class RegisterImportTests : IAsyncLifetime
{
    private const string Association = DemoSeed.HoglandetCode;
    private const string Prefix = "HOG";
    private const string Imports = $"/api/v1/admin/associations/{Association}/imports";

    private readonly LexHellerApiFactory _factory = new();
    private HttpClient _admin = null!;
    private GeneratedRegister _register = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = _factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        // The association's own series (schema 12's reference_prefix): imported references must carry it.
        await _factory.ExecuteAsync("UPDATE associations SET reference_prefix = @Prefix WHERE code = @Code", new { Prefix, Code = Association });
        _register = new GeneratedRegister(LexHeller.Api.Infrastructure.SwedishCalendar.Today(_factory.Clock));
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(byte[] file, string contentType, bool dryRun, string fileName = "register-2016-2026.csv", string? mapping = null)
    {
        var query = $"?dryRun={(dryRun ? "true" : "false")}&fileName={Uri.EscapeDataString(fileName)}"
            + (mapping is null ? "" : $"&mapping={Uri.EscapeDataString(mapping)}");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return _admin.PostAsync(Imports + query, content);
    }

    private static async Task<JsonNode> OkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private void AssertRefusedExactlyThePlanted(JsonNode outcome, IReadOnlyDictionary<string, string>? renamed = null)
    {
        var refused = outcome["refused"]!.AsArray().Select(r => ((int)r!["row"]!, (string)r["column"]!, (string)r["reason"]!)).ToList();
        var expected = _register.Planted.Select(p => (p.Row, renamed?.GetValueOrDefault(p.Column) ?? p.Column)).OrderBy(p => p).ToList();
        Assert.Equal(expected, refused.Select(r => (r.Item1, r.Item2)).OrderBy(p => p).ToList());
        foreach (var problem in _register.Planted)
        {
            var column = renamed?.GetValueOrDefault(problem.Column) ?? problem.Column;
            Assert.Contains(refused, r => r.Item1 == problem.Row && r.Item2 == column && r.Item3.Contains(problem.ReasonContains, StringComparison.Ordinal));
        }
    }

    private void AssertEchoesNoPlantedNumber(string text)
    {
        foreach (var number in _register.PlantedNumbers)
        {
            Assert.DoesNotContain(number, text, StringComparison.Ordinal);
            Assert.DoesNotContain(new string([.. number.Where(char.IsAsciiDigit)]), text, StringComparison.Ordinal);
        }
    }

    private Task<int> CountAsync(string sql) => _factory.ScalarAsync<int>(sql, new { Code = Association });

    [Fact]
    public async Task The_dry_run_of_a_csv_register_lists_exactly_the_planted_problems_by_row_and_column_and_stores_nothing()
    {
        var csv = _register.ToCsv();
        // A real register of a few hundred rows is larger than the ordinary request limit (256 KiB).
        Assert.True(csv.Length > 256 * 1024, $"{csv.Length} bytes");
        var reportsBefore = await CountAsync("SELECT COUNT(*) FROM reports");

        var response = await PostAsync(csv, "text/csv", dryRun: true, mapping: GeneratedRegister.CategoryMappingJson);
        var outcome = await OkAsync(response);

        Assert.True((bool)outcome["dryRun"]!);
        Assert.Equal(GeneratedRegister.RowCount, (int)outcome["rows"]!);
        AssertRefusedExactlyThePlanted(outcome);
        Assert.Equal(GeneratedRegister.RowCount - _register.Planted.Select(p => p.Row).Distinct().Count(), (int)outcome["accepted"]!);
        Assert.Equal(0, (int)outcome["alreadyImported"]!);
        AssertEchoesNoPlantedNumber(outcome.ToJsonString());
        Assert.Equal(reportsBefore, await CountAsync("SELECT COUNT(*) FROM reports"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM report_imports"));
    }

    [Fact]
    public async Task Without_the_category_mapping_their_own_category_is_refused_on_every_row_that_uses_it()
    {
        var outcome = await OkAsync(await PostAsync(_register.ToCsv(), "text/csv", dryRun: true));

        var own = _register.Rows.Where(row => (string?)row.Cells["kategori"] == GeneratedRegister.OwnCategory).Select(row => row.Number).ToList();
        Assert.NotEmpty(own);
        var refusedForCategory = outcome["refused"]!.AsArray()
            .Where(r => (string)r!["column"]! == "kategori" && ((string)r["reason"]!).Contains($"'{GeneratedRegister.OwnCategory}'", StringComparison.Ordinal))
            .Select(r => (int)r!["row"]!).ToList();
        Assert.Equal(own, refusedForCategory);
    }

    [Fact]
    public async Task The_real_run_imports_the_other_rows_with_their_dates_status_answers_and_references_and_no_mail_routing_or_pattern_notice()
    {
        var outboxBefore = await CountAsync("SELECT COUNT(*) FROM outbox_messages");
        var detectionsBefore = await CountAsync("SELECT COUNT(*) FROM pattern_detections");
        var receiptsBefore = await CountAsync("SELECT COUNT(*) FROM receipts");
        var auditBefore = await CountAsync("SELECT COUNT(*) FROM audit_events");
        var accepted = GeneratedRegister.RowCount - _register.Planted.Select(p => p.Row).Distinct().Count();

        var outcome = await OkAsync(await PostAsync(_register.ToCsv(), "text/csv; charset=utf-8", dryRun: false, mapping: GeneratedRegister.CategoryMappingJson));

        Assert.False((bool)outcome["dryRun"]!);
        Assert.Equal(accepted, (int)outcome["accepted"]!);
        AssertRefusedExactlyThePlanted(outcome);
        AssertEchoesNoPlantedNumber(outcome.ToJsonString());

        var imported = await _factory.QueryAsync<ImportedRow>("""
            SELECT i.source_row, r.id, r.reference, r.reference_year, r.reference_sequence, r.event_date, r.created_at, r.status, r.channel,
                   r.category, r.suggested_category, r.resolution, r.closed_at, r.first_answered_at, r.queue_id, r.description, a.name AS area
            FROM report_imports i JOIN reports r ON r.id = i.report_id JOIN areas a ON a.id = r.area_id
            ORDER BY i.source_row
            """);
        Assert.Equal(accepted, imported.Count);
        Assert.DoesNotContain(imported, row => _register.Planted.Any(p => p.Row == row.SourceRow));

        // No mail, no routing, no receipt, no pattern notice; one audit event for the import.
        Assert.Equal(outboxBefore, await CountAsync("SELECT COUNT(*) FROM outbox_messages"));
        Assert.Equal(detectionsBefore, await CountAsync("SELECT COUNT(*) FROM pattern_detections"));
        Assert.Equal(receiptsBefore, await CountAsync("SELECT COUNT(*) FROM receipts"));
        Assert.Equal(auditBefore + 1, await CountAsync("SELECT COUNT(*) FROM audit_events WHERE action = 'import-register'"));
        Assert.All(imported, row => Assert.Null(row.QueueId));
        Assert.All(imported, row => Assert.Equal("system", row.Channel));

        // References in the association's series for the year each report came in, numbered in order of that date.
        foreach (var year in imported.GroupBy(row => row.ReferenceYear).Where(group => group.Key < 2026))
        {
            var ordered = year.OrderBy(row => row.CreatedAt).ThenBy(row => row.SourceRow).ToList();
            Assert.Equal(Enumerable.Range(1, ordered.Count), ordered.Select(row => row.ReferenceSequence));
            Assert.All(ordered, row => Assert.Equal($"{Prefix}-{row.ReferenceYear}-{row.ReferenceSequence:D5}", row.Reference));
        }

        Assert.True(imported.Select(row => row.ReferenceYear).Distinct().Count() >= 10);

        // Each row as it was: dates, status, category, resolution, answer and closing word.
        foreach (var row in _register.Rows.Where(row => imported.Any(i => i.SourceRow == row.Number)))
        {
            var stored = imported.Single(i => i.SourceRow == row.Number);
            var happened = (DateOnly)row.Cells["handelsedatum"]!;
            var received = row.Cells["inkom"] as DateOnly? ?? happened;
            Assert.Equal(happened, stored.EventDate);
            Assert.Equal(received, LexHeller.Api.Infrastructure.SwedishCalendar.DateOf(stored.CreatedAt));
            Assert.Equal(received.Year, stored.ReferenceYear);
            Assert.Equal(stored.Category, stored.SuggestedCategory);
            Assert.Contains($"Rad {row.Number}.", stored.Description, StringComparison.Ordinal);
            var expectedStatus = (string?)row.Cells["status"] switch
            {
                "Avslutad" => "closed",
                "Besvarad" => "answered",
                "in-triage" or "Under beredning" => "in-triage",
                _ => "received",
            };
            Assert.Equal(expectedStatus, stored.Status);
            if (expectedStatus == "closed")
            {
                Assert.Equal((DateOnly)row.Cells["avslutad"]!, LexHeller.Api.Infrastructure.SwedishCalendar.DateOf(stored.ClosedAt!.Value));
                Assert.Equal((string)row.Cells["utfall"]! == "Besvarad" ? "answered" : "resolved-locally", stored.Resolution);
            }
            else
            {
                Assert.Null(stored.ClosedAt);
                Assert.Null(stored.Resolution);
            }

            if ((string?)row.Cells["kategori"] == GeneratedRegister.OwnCategory)
                Assert.Equal("responsibility-gap", stored.Category);
            if ((string?)row.Cells["kategori"] == "Moment 22")
                Assert.Equal("catch-22", stored.Category);
            Assert.Equal(row.Cells["svar_datum"] as DateOnly?,
                stored.FirstAnsweredAt is { } at ? LexHeller.Api.Infrastructure.SwedishCalendar.DateOf(at) : (DateOnly?)null);
        }

        // The answers are answered referrals with their text; the closing words are the reporter's closure messages.
        var answers = await _factory.QueryAsync<(string Cause, string Status, string Party)>("""
            SELECT f.cause, f.status, p.name FROM referrals f JOIN parties p ON p.id = f.party_id JOIN report_imports i ON i.report_id = f.report_id
            """);
        Assert.Equal(_register.Rows.Count(row => row.Cells["svar"] is string && imported.Any(i => i.SourceRow == row.Number)), answers.Count);
        Assert.All(answers, answer => Assert.Equal("answered", answer.Status));
        Assert.Contains(answers, answer => answer.Cause.StartsWith("Överlämningen brast när handläggaren på", StringComparison.Ordinal));
        Assert.True(await CountAsync("SELECT COUNT(*) FROM report_messages m JOIN report_imports i ON i.report_id = m.report_id WHERE m.kind = 'closure'") > 50);

        // Each history starts, and here ends, with one 'imported' event naming the file and the row, and no personal data.
        var events = await _factory.QueryAsync<(string EventType, string Actor, string Data, string ReportId)>("""
            SELECT e.event_type, e.actor, e.data, e.report_id FROM report_events e JOIN report_imports i ON i.report_id = e.report_id
            """);
        Assert.Equal(accepted, events.Count);
        Assert.All(events, e => Assert.Equal(("imported", "system:import"), (e.EventType, e.Actor)));
        var first = imported[0];
        var data = JsonNode.Parse(events.Single(e => Guid.Parse(e.ReportId) == first.Id).Data)!;
        Assert.Equal(("register-2016-2026.csv", first.SourceRow), ((string)data["file"]!, (int)data["row"]!));
        AssertEchoesNoPlantedNumber(string.Join('\n', events.Select(e => e.Data)));

        // The triager sees an imported report's history with the imported event in Swedish.
        var triager = _factory.CreateClient().WithBearer(TestTokens.For("triager", DemoSeed.TriagerEmail));
        var history = await triager.GetAsync($"/api/v1/reports/{first.Id}/history");
        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Contains("imported", await history.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_the_same_file_again_adds_nothing_and_counts_the_rows_as_imported_before()
    {
        var csv = _register.ToCsv();
        var first = await OkAsync(await PostAsync(csv, "text/csv", dryRun: false, mapping: GeneratedRegister.CategoryMappingJson));
        var reports = await CountAsync("SELECT COUNT(*) FROM reports");
        var events = await CountAsync("SELECT COUNT(*) FROM report_events");

        var again = await OkAsync(await PostAsync(csv, "text/csv", dryRun: false, mapping: GeneratedRegister.CategoryMappingJson));

        Assert.Equal(0, (int)again["accepted"]!);
        Assert.Equal((int)first["accepted"]!, (int)again["alreadyImported"]!);
        AssertRefusedExactlyThePlanted(again);
        Assert.Equal(reports, await CountAsync("SELECT COUNT(*) FROM reports"));
        Assert.Equal(events, await CountAsync("SELECT COUNT(*) FROM report_events"));

        // The same register saved as a workbook is the same rows: nothing new either.
        var xlsx = await OkAsync(await PostAsync(_register.ToXlsx(), RegisterFile.XlsxContentType, dryRun: false, "register.xlsx", GeneratedRegister.CategoryMappingJson));
        Assert.Equal(0, (int)xlsx["accepted"]!);
        Assert.Equal(reports, await CountAsync("SELECT COUNT(*) FROM reports"));
    }

    [Fact]
    public async Task An_xlsx_register_with_its_own_headers_and_date_cells_imports_through_a_mapping()
    {
        var renamed = GeneratedRegister.TheirHeaderByTemplateHeader();
        var mapping = JsonSerializer.Serialize(new { columns = GeneratedRegister.TheirHeaders, categories = new Dictionary<string, string> { [GeneratedRegister.OwnCategory] = "responsibility-gap" } });
        var xlsx = _register.ToXlsx(renamed);

        var dry = await OkAsync(await PostAsync(xlsx, RegisterFile.XlsxContentType, dryRun: true, "Avvikelseregister Höglandet.xlsx", mapping));
        AssertRefusedExactlyThePlanted(dry, renamed);
        AssertEchoesNoPlantedNumber(dry.ToJsonString());

        var outcome = await OkAsync(await PostAsync(xlsx, RegisterFile.XlsxContentType, dryRun: false, "Avvikelseregister Höglandet.xlsx", mapping));
        Assert.Equal((int)dry["accepted"]!, (int)outcome["accepted"]!);
        var sample = _register.Rows.First(row => row.Number % 13 != 0 && !_register.Planted.Any(p => p.Row == row.Number));
        var eventDate = await _factory.ScalarAsync<string>(
            "SELECT r.event_date FROM reports r JOIN report_imports i ON i.report_id = r.id WHERE i.source_row = @Row", new { Row = sample.Number });
        Assert.Equal(((DateOnly)sample.Cells["handelsedatum"]!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), eventDate);
        var serial = _register.Rows.First(row => row.Number % 13 == 0 && !_register.Planted.Any(p => p.Row == row.Number));
        Assert.Equal(((DateOnly)serial.Cells["handelsedatum"]!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await _factory.ScalarAsync<string>(
            "SELECT r.event_date FROM reports r JOIN report_imports i ON i.report_id = r.id WHERE i.source_row = @Row", new { Row = serial.Number }));
    }

    [Fact]
    public async Task The_template_downloads_with_a_header_and_an_example_row_that_imports_as_it_is()
    {
        var response = await _admin.GetAsync($"{Imports}/template.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(string.Join(';', ImportMapping.Fields.Select(field => field.Header)), lines[0]);

        var outcome = await OkAsync(await PostAsync(bytes, "text/csv", dryRun: false, "importmall.csv"));
        Assert.Equal(1, (int)outcome["accepted"]!);
        Assert.Empty(outcome["refused"]!.AsArray());
        var reference = (string)outcome["references"]![0]!["reference"]!;
        Assert.StartsWith($"{Prefix}-", reference, StringComparison.Ordinal);
        Assert.Equal("closed", await _factory.ScalarAsync<string>("SELECT status FROM reports WHERE reference = @Reference", new { Reference = reference }));
    }

    [Fact]
    public async Task A_comma_separated_file_without_a_byte_order_mark_and_a_windows_1252_file_read_alike()
    {
        var csv = _register.ToCsv(separator: ',');
        var utf8 = await OkAsync(await PostAsync(csv[3..], "text/csv", dryRun: true, mapping: GeneratedRegister.CategoryMappingJson));
        AssertRefusedExactlyThePlanted(utf8);

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var windows = Encoding.GetEncoding(1252).GetBytes(Encoding.UTF8.GetString(_register.ToCsv()[3..]));
        var ansi = await OkAsync(await PostAsync(windows, "text/csv", dryRun: true, mapping: GeneratedRegister.CategoryMappingJson));
        Assert.Equal((int)utf8["accepted"]!, (int)ansi["accepted"]!);
        AssertRefusedExactlyThePlanted(ansi);
    }

    [Fact]
    public async Task A_file_that_cannot_be_imported_is_a_problem_naming_the_file_and_nothing_is_stored()
    {
        var reports = await CountAsync("SELECT COUNT(*) FROM reports");

        var noColumns = await PostAsync(Encoding.UTF8.GetBytes("datum;text\r\n2019-03-04;x\r\n"), "text/csv", dryRun: false);
        var problem = await Problems.AssertProblemAsync(noColumns, HttpStatusCode.BadRequest);
        Assert.Contains("handelsedatum", problem["errors"]!["file"]![0]!.ToString(), StringComparison.Ordinal);

        var notXlsx = await PostAsync(Encoding.UTF8.GetBytes("inte en arbetsbok"), RegisterFile.XlsxContentType, dryRun: true);
        await Problems.AssertProblemAsync(notXlsx, HttpStatusCode.BadRequest);

        var badMapping = await PostAsync(_register.ToCsv(), "text/csv", dryRun: true, mapping: """{"columns": {"datum": "Datum"}}""");
        var mappingProblem = await Problems.AssertProblemAsync(badMapping, HttpStatusCode.BadRequest);
        Assert.NotNull(mappingProblem["errors"]!["mapping"]);

        await Problems.AssertProblemAsync(await PostAsync(_register.ToCsv(), "application/json", dryRun: true), HttpStatusCode.UnsupportedMediaType);
        var tooLarge = new byte[10 * 1024 * 1024 + 1];
        await Problems.AssertProblemAsync(await PostAsync(tooLarge, "text/csv", dryRun: true), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(reports, await CountAsync("SELECT COUNT(*) FROM reports"));
    }

    [Fact]
    public async Task Only_the_associations_administrators_may_import_or_download_the_template()
    {
        var csv = _register.ToCsv();
        var jonkopingOnly = _factory.CreateClient().WithBearer(TestTokens.For("admin", "annan.admin@annat-forbund.example"));
        var analyst = _factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));
        var triager = _factory.CreateClient().WithBearer(TestTokens.For("triager", DemoSeed.TriagerEmail));

        foreach (var client in new[] { jonkopingOnly, analyst, triager })
        {
            var content = new ByteArrayContent(csv);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            var status = (await client.PostAsync(Imports + "?dryRun=false", content)).StatusCode;
            Assert.Contains(status, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized });
            Assert.Contains((await client.GetAsync($"{Imports}/template.csv")).StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().GetAsync($"{Imports}/template.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/v1/admin/associations/finns-inte/imports/template.csv")).StatusCode);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM report_imports"));
    }

    private sealed class ImportedRow
    {
        public int SourceRow { get; init; }
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public int ReferenceYear { get; init; }
        public int ReferenceSequence { get; init; }
        public DateOnly EventDate { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string Status { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Category { get; init; } = "";
        public string SuggestedCategory { get; init; } = "";
        public string? Resolution { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
        public DateTimeOffset? FirstAnsweredAt { get; init; }
        public Guid? QueueId { get; init; }
        public string Description { get; init; } = "";
        public string Area { get; init; } = "";
    }
}
