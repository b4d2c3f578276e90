using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Exports;

/// <summary>Runs alone: its memory check must not count what tests running beside it keep alive.</summary>
[CollectionDefinition(nameof(LargeExportTests), DisableParallelization = true)]
public sealed class LargeExportCollection;

[Collection(nameof(LargeExportTests))]
public sealed class LargeExportTests : IAsyncLifetime
{
    private const int Reports = 100_000;
    private const string Period = "associationCode=hoglandet&from=2016-01-01&to=2016-12-31";

    private readonly LexHellerApiFactory _factory = new();

    public async ValueTask InitializeAsync()
    {
        _ = _factory.CreateClient();
        await SeedAsync(_factory.DatabasePath);
    }

    /// <summary>100,000 reports of 2016 straight into the test's SQLite file: one prepared insert, one transaction.</summary>
    private static async Task SeedAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        string Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (string)command.ExecuteScalar()!;
        }

        var association = Scalar("SELECT id FROM associations WHERE code = 'hoglandet'");
        var area = Scalar($"SELECT id FROM areas WHERE code = 'vetlanda' AND association_id = '{association}'");
        var party = Scalar($"SELECT id FROM parties WHERE name = 'Vetlanda kommun' AND association_id = '{association}'");

        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind, reporter_party_id,
                suggested_category, description, consequence, actions_taken, suggested_improvement, anonymous_to_parties, status, channel,
                created_at, updated_at, involved_party_kinds)
            VALUES ($id, $association, $area, $reference, 2016, $sequence, $eventDate, 'occurred', $party,
                'waiting-time', 'Lång väntan på beslut.', 'Insatsen försenades.', 'Påtalat.', 'Kortare handläggning.', 0, 'received', 'api',
                '2026-11-20T08:00:00.0000000Z', '2026-11-20T08:00:00.0000000Z', 'region,social-insurance')
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var reference = insert.Parameters.Add("$reference", SqliteType.Text);
        var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
        var eventDate = insert.Parameters.Add("$eventDate", SqliteType.Text);
        insert.Parameters.AddWithValue("$association", association);
        insert.Parameters.AddWithValue("$area", area);
        insert.Parameters.AddWithValue("$party", party);
        insert.Prepare();
        for (var i = 1; i <= Reports; i++)
        {
            id.Value = Guid.NewGuid().ToString("D");
            reference.Value = string.Create(CultureInfo.InvariantCulture, $"LH-2016-{i:D6}");
            sequence.Value = i;
            eventDate.Value = new DateOnly(2016, 1, 1).AddDays(i % 366).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    public async Task An_export_of_100000_reports_is_streamed_without_holding_the_whole_result(string format)
    {
        var analyst = _factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));
        // Warm up first, so that what is loaded once (code, caches) is in the baseline.
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/v1/exports/reports?{Period}&areaCode=nassjo&format={format}")).StatusCode);
        var baseline = LiveManagedBytes();

        using var response = await analyst.GetAsync($"/api/v1/exports/reports?{Period}&format={format}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);

        var buffer = new byte[64 * 1024];
        long read = 0, rows = 0, midway = 0;
        int count;
        while ((count = await body.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            read += count;
            // No exported field holds a line break, so each LF ends a CSV row (and never straddles two reads, as CRLF may).
            rows += buffer.AsSpan(0, count).Count(format == "csv" ? "\n"u8 : "\"eventDate\""u8);
            // A fifth of the way in, see what the process keeps alive (defined below).
            if (midway == 0 && rows > Reports / 5)
                midway = LiveManagedBytes() - baseline;
        }

        // CSV: the header and the last row (the count of reports left out: none, 273 or more share every day here) besides the reports.
        Assert.Equal(format == "csv" ? Reports + 2 : Reports, rows);
        // The honest check: a server that built the whole result before sending (a list of rows, a buffered
        // body) would hold at least the body's size alive while the client is a fifth of the way through
        // reading it; a streaming one holds a few buffers. Live bytes are measured after a full,
        // compacting collection, so garbage does not count; this class runs alone, so no other test's
        // objects do. The margin is wide both ways: the body is over 15 MB (CSV about 19 MB, JSON more), the
        // allowance 6 MB, and a list of 100,000 exported rows would take far more than the body.
        Assert.True(read > 15_000_000, $"The body is only {read:N0} bytes, too small for the check to mean anything.");
        Assert.True(midway < 6_000_000, $"{midway:N0} bytes more were alive a fifth of the way through a {read:N0}-byte export.");
    }

    private static long LiveManagedBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
