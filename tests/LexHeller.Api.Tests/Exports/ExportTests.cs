using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LexHeller.Api.Demo;
using LexHeller.Api.Features.Exports;
using LexHeller.Testing;

namespace LexHeller.Api.Tests.Exports;

/// <summary>What the export files hold, and what they must never hold.</summary>
public sealed class ExportTests : WorkflowTests
{
    private const string Period = "associationCode=hoglandet&from=2015-01-01&to=2015-12-31";
    private const string NoteText = "Internt: Ring Anna om hennes klient på torsdag.";
    private const string AreaNameNeedingQuotes = "Nässjö \"centrum\"; norra, Å";

    private HttpClient Analyst => Factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));

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
        await Factory.ExecuteAsync("UPDATE areas SET name = @Name WHERE code = 'nassjo'", new { Name = AreaNameNeedingQuotes });
        var (_, reference, _) = await FileWithContactAndNoteAsync(0);
        var (_, vetlanda, _) = await FileWithContactAndNoteAsync(2);

        var (bytes, response) = await GetBytesAsync(Analyst, $"/api/v1/exports/reports?{Period}&delimiter={delimiter}");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("lexheller-reports-hoglandet-2015-01-01-2015-12-31.csv", response.Content.Headers.ContentDisposition?.FileName);
        var rows = StrictCsv.Parse(WithoutByteOrderMark(bytes), character);
        Assert.Equal(ExportReports.Columns.Select(column => column.Name), rows[0]);
        Assert.Equal([reference, vetlanda], rows.Skip(1).Select(row => row[0]).Order());
        var nassjo = rows.Single(row => row[0] == reference);
        Assert.Equal(AreaNameNeedingQuotes, nassjo[Column("areaName")]);
        Assert.Equal("Regelverk som går isär", nassjo[Column("categoryLabel")]);
        Assert.Equal("region,social-insurance", nassjo[Column("involvedPartyKinds")]);
        Assert.Equal("2015-05-04", nassjo[Column("eventDate")]);
        Assert.Equal("2026-11-24T09:00:00Z", nassjo[Column("filedAt")]);
        Assert.Equal("", nassjo[Column("resolution")]);
    }

    private static int Column(string name) => ExportReports.Columns.Select(column => column.Name).ToList().IndexOf(name);

    [Fact]
    public async Task Neither_export_holds_the_reporters_identity_an_internal_note_or_free_text()
    {
        var (_, reference, body) = await FileWithContactAndNoteAsync(0);
        var contact = body["reporter"]!;

        foreach (var format in new[] { "csv", "json" })
        {
            var (bytes, _) = await GetBytesAsync(Analyst, $"/api/v1/exports/reports?{Period}&format={format}");
            var text = Encoding.UTF8.GetString(bytes);
            Assert.Contains(reference, text, StringComparison.Ordinal);
            foreach (var secret in new[]
                     {
                         (string)contact["name"]!, (string)contact["email"]!, (string)contact["phone"]!, (string)contact["role"]!, NoteText,
                         (string)body["description"]!, (string)body["consequence"]!, (string)body["actionsTaken"]!, (string)body["suggestedImprovement"]!,
                     })
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Anna", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_json_export_is_an_array_of_objects_with_the_csv_columns_as_properties()
    {
        var (id, reference, _) = await FileWithContactAndNoteAsync(0);
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        Factory.Clock.Advance(TimeSpan.FromDays(2));
        await Workflow.ReferAsync(id, "Försäkringskassan");

        var (bytes, response) = await GetBytesAsync(Analyst, $"/api/v1/exports/reports?{Period}&format=json");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lexheller-reports-hoglandet-2015-01-01-2015-12-31.json", response.Content.Headers.ContentDisposition?.FileName);
        var row = JsonNode.Parse(bytes)!.AsArray().Single()!.AsObject();
        Assert.Equal(ExportReports.Columns.Select(column => column.Name), row.Select(property => property.Key));
        Assert.Equal(reference, (string)row["reference"]!);
        Assert.Equal(["region", "social-insurance"], row["involvedPartyKinds"]!.AsArray().Select(kind => (string)kind!));
        Assert.Equal("referred", (string)row["status"]!);
        Assert.Equal(2, (int)row["daysToReferral"]!);
        Assert.Null(row["daysToAnswer"]);
    }

    [Fact]
    public async Task Reports_closed_as_duplicates_are_not_exported()
    {
        var (survivor, reference, _) = await FileWithContactAndNoteAsync(0);
        var (duplicate, _, _) = await FileWithContactAndNoteAsync(0);
        await Workflow.StepAsync(duplicate, "closure", new { resolution = "duplicate", duplicateOfReportId = survivor, reason = "Samma händelse." });

        var (bytes, _) = await GetBytesAsync(Analyst, $"/api/v1/exports/reports?{Period}");

        Assert.Equal([reference], StrictCsv.Parse(WithoutByteOrderMark(bytes), ';').Skip(1).Select(row => row[0]));
    }

    [Fact]
    public async Task A_statistics_table_shows_suppressed_counts_as_below_the_threshold_in_csv_and_as_null_with_a_flag_in_json()
    {
        await FileWithContactAndNoteAsync(0, "2015-03-10");
        for (var i = 0; i < 3; i++)
            await FileWithContactAndNoteAsync(3, "2015-04-10");

        var (bytes, response) = await GetBytesAsync(Analyst, $"/api/v1/exports/statistics?table=categories&{Period}");
        var rows = StrictCsv.Parse(WithoutByteOrderMark(bytes), ';');
        Assert.Equal("lexheller-categories-hoglandet-2015-01-01-2015-12-31.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(["category", "label", .. Enumerable.Range(1, 12).Select(m => $"2015-{m:D2}"), "total"], rows[0]);
        var conflictingRules = rows.Single(row => row[0] == "conflicting-rules");
        Assert.Equal(["<3", "0", "<3"], [conflictingRules[2 + 2], conflictingRules[2 + 3], conflictingRules[^1]]);
        var handover = rows.Single(row => row[0] == "handover");
        Assert.Equal(["3", "3"], [handover[2 + 3], handover[^1]]);
        Assert.Equal(["total", "", .. Enumerable.Repeat("0", 2), "<3", "3", .. Enumerable.Repeat("0", 8), "4"], rows[^1]);

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
        await FileWithContactAndNoteAsync(0);

        var (bytes, _) = await GetBytesAsync(Analyst, $"/api/v1/exports/statistics?table={table}&{Period}&delimiter=comma");

        Assert.Equal(firstColumn, StrictCsv.Parse(WithoutByteOrderMark(bytes), ',')[0][0]);
    }

    public static TheoryData<string> Paths() => ["/api/v1/exports/reports", "/api/v1/exports/statistics?table=categories"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Reporters_and_responders_are_forbidden_and_the_anonymous_must_sign_in(string path)
    {
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
    public async Task A_bad_parameter_is_a_400_problem_before_anything_is_written(string path, string field) =>
        await Problems.AssertInvalidFieldAsync(await Analyst.GetAsync(path), field);
}
