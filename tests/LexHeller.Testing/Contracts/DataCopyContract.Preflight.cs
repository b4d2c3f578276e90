using System.Globalization;
using Dapper;
using LexHeller.Api.Data.Operations;
using Microsoft.Data.Sqlite;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// The copy fails early and resumes: the preflight names every row of the source the bound target would refuse,
/// before anything is written; an interrupted copy goes on where it stopped; a source changed since is refused.
/// </summary>
public abstract partial class DataCopyContract
{
    /// <summary>
    /// Rows that only the bound engine's target refuses, written into the source (an open connection, foreign keys and
    /// checks off) for the association <paramref name="associationId"/>; returns, for each, the row's name in the report
    /// and a word of its problem. SQLite takes text of any length and compares it byte for byte, so it has none.
    /// </summary>
    protected virtual Task<IReadOnlyList<(string Row, string Problem)>> SeedTargetSpecificOffencesAsync(SqliteConnection source, string associationId) =>
        Task.FromResult<IReadOnlyList<(string, string)>>([]);

    [Fact]
    public async Task The_preflight_names_every_row_the_target_would_refuse_and_writes_nothing()
    {
        var source = await StartAsync();
        var broken = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 0));
        var orphan = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        var good = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 2));
        var missingArea = Guid.CreateVersion7().ToString();
        IReadOnlyList<(string Row, string Problem)> specific;
        await using (var connection = await OpenSourceAsync(source))
        {
            // Rows a source can only hold when written with checks or foreign keys off (an old tool, a hand edit).
            await connection.ExecuteAsync("UPDATE reports SET kind = 'sometimes' WHERE id = @Id", new { Id = broken.Id.ToString() });
            await connection.ExecuteAsync("UPDATE reports SET area_id = @Area WHERE id = @Id", new { Area = missingArea, Id = orphan.Id.ToString() });
            var associationId = await connection.ExecuteScalarAsync<string>("SELECT association_id FROM reports WHERE id = @Id", new { Id = good.Id.ToString() });
            specific = await SeedTargetSpecificOffencesAsync(connection, associationId!);
        }

        var target = CreateEmptyTarget(Path.GetDirectoryName(source.DatabasePath)!);

        var (exitCode, _, error) = await CopyAsync(source, target);

        Assert.Equal(CommandExitCodes.Failed, exitCode);
        Assert.Contains("would fail on the target; nothing was written", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        var lines = error.Split('\n');
        Assert.Contains(lines, line => line.Contains($"id '{broken.Id}'", StringComparison.Ordinal) && line.Contains("breaks the check", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($"id '{orphan.Id}', area_id: refers to a row of areas", StringComparison.Ordinal)
                                       && line.Contains(missingArea, StringComparison.Ordinal));
        foreach (var (row, problem) in specific)
            Assert.Contains(lines, line => line.Contains(row, StringComparison.Ordinal) && line.Contains(problem, StringComparison.Ordinal));
        Assert.DoesNotContain(good.Id.ToString(), error, StringComparison.Ordinal);

        // Nothing written: no data, the seeded taxonomy as the migration left it, and no copy in progress.
        var written = await TargetRowsAsync(target, await DataTablesAsync(source));
        Assert.All(written.Where(table => !CopySchema.SeededTables.Contains(table.Key)), table => Assert.Equal(0, table.Value));
        Assert.Equal(12, written["categories"]);
        var (retry, _, retryError) = await CopyAsync(source, target);
        Assert.Equal(CommandExitCodes.Failed, retry);
        Assert.DoesNotContain("Resuming", retryError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupted_copy_resumes_where_it_stopped_and_ends_with_every_row_of_the_source()
    {
        var (source, target, tables, rows) = await InterruptedCopyAsync();
        var afterInterruption = rows.Where(table => !CopySchema.SeededTables.Contains(table.Key)).Sum(table => table.Value);
        var inSource = 0L;
        foreach (var table in tables.Where(table => !CopySchema.SeededTables.Contains(table)))
            inSource += await source.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        Assert.InRange(afterInterruption, 1, inSource - 1);

        var (exitCode, output, error) = await CopyAsync(source, target, stopAfterBatches: null, "--batch-size", "2");

        Assert.True(exitCode == CommandExitCodes.Done, error);
        Assert.Contains("Resuming the copy begun at", output, StringComparison.Ordinal);
        Assert.Contains("copied by an earlier run", output, StringComparison.Ordinal);
        Assert.Contains("every table's row count matches the source", output, StringComparison.Ordinal);
        // Finished: the marker is gone, and the copy does not take the full target for one to resume.
        Assert.Contains("The target already holds data", (await CopyAsync(source, target)).Error, StringComparison.Ordinal);
        await AssertSameRowsAsync(source, target);
    }

    [Fact]
    public async Task A_copy_does_not_resume_from_a_source_that_changed_since_it_began()
    {
        var (source, target, tables, afterInterruption) = await InterruptedCopyAsync();
        await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5));

        var (exitCode, _, error) = await CopyAsync(source, target, stopAfterBatches: null, "--batch-size", "2");

        Assert.Equal(CommandExitCodes.Failed, exitCode);
        Assert.Contains("the source has changed since", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal(afterInterruption, await TargetRowsAsync(target, tables));
    }

    /// <summary>A source with a few reports, and a copy of it stopped (as by Ctrl+C) right after its fifth committed batch of two rows.</summary>
    private async Task<(LexHellerApiFactory Source, string Target, IReadOnlyList<string> Tables, Dictionary<string, long> Rows)> InterruptedCopyAsync()
    {
        var source = await StartAsync();
        for (var i = 0; i < 4; i++)
        {
            source.Clock.Advance(TimeSpan.FromMinutes(1));
            await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, i, i % 2 == 0 ? ReportBodies.Contact($"avbruten{i}@kommun.example") : null));
        }

        var target = CreateEmptyTarget(Path.GetDirectoryName(source.DatabasePath)!);
        var tables = await DataTablesAsync(source);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CopyAsync(source, target, stopAfterBatches: 5, "--batch-size", "2"));
        return (source, target, tables, await TargetRowsAsync(target, tables));
    }

    private static async Task<SqliteConnection> OpenSourceAsync(LexHellerApiFactory source)
    {
        var connection = new SqliteConnection($"Data Source={source.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; PRAGMA busy_timeout = 30000;");
        return connection;
    }

    private static Task<IReadOnlyList<string>> DataTablesAsync(LexHellerApiFactory source) =>
        source.QueryAsync<string>(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND lower(name) <> 'schemaversions' AND name <> 'data_protection_keys' ORDER BY name");

    /// <summary>Each table's row count in the target.</summary>
    private async Task<Dictionary<string, long>> TargetRowsAsync(string target, IReadOnlyList<string> tables)
    {
        var options = new DatabaseOptions { Provider = TargetProvider, ConnectionString = target };
        IDbConnectionFactory factory = TargetProvider == DatabaseProvider.Sqlite ? new SqliteConnectionFactory(options) : new SqlServerConnectionFactory(options);
        await using var connection = await factory.OpenAsync(CancellationToken.None);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        (factory as IDisposable)?.Dispose();
        return counts;
    }

    private async Task<(int ExitCode, string Output, string Error)> CopyAsync(LexHellerApiFactory source, string target, int? stopAfterBatches, params string[] options)
    {
        using var stop = new CancellationTokenSource();
        using var output = new StoppingWriter(stopAfterBatches, stop);
        using var error = new StringWriter();
        var exitCode = await CopyCommand.RunAsync(
            ["--from", $"Data Source={source.DatabasePath}", "--to-provider", TargetProvider == DatabaseProvider.Sqlite ? "sqlite" : "sqlserver", "--to", target, .. options],
            source.Services, output, error, stop.Token);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The command's output, which stops the copy (as Ctrl+C does) once it has reported the given number of committed batches.</summary>
    private sealed class StoppingWriter(int? stopAfterBatches, CancellationTokenSource stop) : StringWriter(CultureInfo.InvariantCulture)
    {
        private int _batches;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(" batch ", StringComparison.Ordinal) && ++_batches == stopAfterBatches)
                stop.Cancel();
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
