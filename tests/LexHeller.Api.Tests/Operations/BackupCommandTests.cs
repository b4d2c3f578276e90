using System.Collections.Concurrent;
using Dapper;
using LexHeller.Api.Data;
using LexHeller.Api.Data.Operations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace LexHeller.Api.Tests.Operations;

/// <summary>The backup command: an online, consistent, standalone copy of the SQLite file and its key ring.</summary>
public sealed class BackupCommandTests : IAsyncLifetime
{
    private const string Email = "backup.kontakt@kommun.example";

    private readonly LexHellerApiFactory _factory = new();
    private readonly ScratchDirectory _scratch = new("backup");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _scratch.Dispose();
    }

    private static async Task<(int ExitCode, string Output, string Error)> BackupAsync(IServiceProvider services, params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await BackupCommand.RunAsync(arguments, services, output, error, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_backup_taken_while_reports_are_filed_holds_every_acknowledged_report_and_opens_on_its_own()
    {
        var workflow = new Workflow(_factory);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous);
        var (sealedId, _, _) = await workflow.FileAsync(ReportBodies.FromFixture(referenceData, 0, ReportBodies.Contact(Email)));
        var acknowledged = new ConcurrentQueue<Guid>();
        using var stop = new CancellationTokenSource();

        async Task FileUntilStoppedAsync(int fixture)
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await workflow.Reporter.PostReportAsync(ReportBodies.FromFixture(referenceData, fixture));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                acknowledged.Enqueue((Guid)(await response.ReadJsonAsync())["id"]!);
            }
        }

        var writers = new[] { FileUntilStoppedAsync(1), FileUntilStoppedAsync(2) };
        while (acknowledged.Count < 6)
            await Task.Delay(20);
        var before = acknowledged.ToArray();
        var destination = _scratch.PathOf(Path.Combine("backups", "lexheller.db"));

        var (exitCode, output, error) = await BackupAsync(_factory.Services, destination);
        var atEnd = acknowledged.Count;
        while (acknowledged.Count < atEnd + 3)
            await Task.Delay(20);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(exitCode == CommandExitCodes.Done, error);
        Assert.Contains("integrity ok", output, StringComparison.Ordinal);
        Assert.Contains("KEEP THIS DIRECTORY WITH THE BACKUP", output, StringComparison.Ordinal);
        Assert.False(File.Exists(destination + "-wal"));
        await using (var backup = new SqliteConnection($"Data Source={destination};Mode=ReadOnly;Pooling=False"))
        {
            await backup.OpenAsync();
            Assert.Equal("ok", await backup.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            Assert.Equal("delete", await backup.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
            var ids = (await backup.QueryAsync<string>("SELECT id FROM reports")).Select(Guid.Parse).ToHashSet();
            Assert.All(before.Append(sealedId), id => Assert.Contains(id, ids));
            // Each report with its history: events numbered 1..n, and a submission for each report filed here.
            Assert.Equal(0, await backup.ExecuteScalarAsync<int>("""
                SELECT COUNT(*) FROM reports r
                WHERE (SELECT COUNT(*) FROM report_events e WHERE e.report_id = r.id) = 0
                   OR (SELECT MAX(e.sequence) FROM report_events e WHERE e.report_id = r.id) <> (SELECT COUNT(*) FROM report_events e WHERE e.report_id = r.id)
                """));
            var submitted = (await backup.QueryAsync<string>("SELECT report_id FROM report_events WHERE event_type = 'submitted'")).Select(Guid.Parse).ToHashSet();
            Assert.All(before.Append(sealedId), id => Assert.Contains(id, submitted));
            var numbering = await backup.QueryAsync<(long Count, long Highest, long Counter)>("""
                SELECT COUNT(*), MAX(r.reference_sequence), c.last_value FROM reports r
                JOIN reference_counters c ON c.association_id = r.association_id AND c.year = r.reference_year
                GROUP BY r.association_id, r.reference_year, c.last_value
                """);
            Assert.All(numbering, association => Assert.Equal((association.Count, association.Count), (association.Highest, association.Counter)));
        }

        await using var restored = new LexHellerApiFactory(DatabaseProvider.Sqlite, $"Data Source={destination}", new Dictionary<string, string?>
        {
            ["Demo:Seed"] = "false",
            ["DataProtection:KeysDirectory"] = _scratch.PathOf(Path.Combine("backups", "keys")),
        });
        var report = (await new Workflow(restored).Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{sealedId}"))!;
        Assert.Equal(Email, (string)report["reporter"]!["email"]!);
    }

    [Fact]
    public async Task An_existing_destination_is_refused_unless_overwrite_is_given()
    {
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync("/health/ready")).StatusCode);
        var destination = _scratch.PathOf("lexheller.db");
        await File.WriteAllTextAsync(destination, "not a database");

        var refused = await BackupAsync(_factory.Services, destination);
        Assert.Equal("not a database", await File.ReadAllTextAsync(destination));
        var replaced = await BackupAsync(_factory.Services, destination, "--overwrite");

        Assert.Equal(CommandExitCodes.Failed, refused.ExitCode);
        Assert.Contains("exists; give --overwrite", refused.Error, StringComparison.Ordinal);
        Assert.True(replaced.ExitCode == CommandExitCodes.Done, $"exit code {replaced.ExitCode}: {replaced.Error}");
        await using var backup = new SqliteConnection($"Data Source={destination};Mode=ReadOnly;Pooling=False");
        await backup.OpenAsync();
        Assert.Equal(12, await backup.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM categories"));
    }

    [Fact]
    public async Task Sql_server_is_refused_with_the_advice_to_use_backup_database()
    {
        var services = new ServiceCollection()
            .AddSingleton(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=localhost;Database=lexheller" })
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        var (exitCode, _, error) = await BackupAsync(services, _scratch.PathOf("x.db"));

        Assert.Equal(CommandExitCodes.Failed, exitCode);
        Assert.Contains("BACKUP DATABASE", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_scratch.PathOf("x.db")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.db|b.db")]
    public async Task Anything_but_one_destination_exits_with_2_and_the_usage(string arguments)
    {
        var (exitCode, _, error) = await BackupAsync(_factory.Services, arguments.Split('|', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(CommandExitCodes.Usage, exitCode);
        Assert.Contains("Usage: dotnet LexHeller.Api.dll backup", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_runs_through_the_entry_point()
    {
        var database = _scratch.PathOf("live.db");
        Assert.Equal(0, (await ApiProcess.RunAsync(["migrate", "--Logging:LogLevel:Default", "Warning"], database)).ExitCode);
        var destination = _scratch.PathOf(Path.Combine("copies", "live.db"));

        var (exitCode, output) = await ApiProcess.RunAsync(["backup", destination, "--Logging:LogLevel:Default", "Warning"], database);
        var (againCode, againOutput) = await ApiProcess.RunAsync(["backup", destination], database);

        Assert.True(exitCode == 0, output);
        Assert.Contains("integrity ok", output, StringComparison.Ordinal);
        Assert.True(File.Exists(destination));
        Assert.Equal(1, againCode);
        Assert.Contains("backup refused", againOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", againOutput, StringComparison.Ordinal);
    }
}
