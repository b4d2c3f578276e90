using Dapper;
using LexHeller.Api.Data;
using LexHeller.Api.Data.Operations;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Operations;

/// <summary>The copy command's refusals, arguments and exit codes, and what it knows of the schema.</summary>
public sealed class CopyCommandTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
    private readonly ScratchDirectory _scratch = new("copy-command");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _scratch.Dispose();
    }

    private string Source => $"Data Source={_factory.DatabasePath}";

    private string Target => $"Data Source={_scratch.PathOf("target.db")}";

    private async Task<(int ExitCode, string Output, string Error)> CopyAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CopyCommand.RunAsync(arguments, _factory.Services, output, error, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }

    private async Task StartAsync() => Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync("/health/ready")).StatusCode);

    [Fact]
    public async Task The_seeded_tables_are_exactly_those_the_migrations_fill()
    {
        await StartAsync();

        var filled = new List<string>();
        foreach (var table in await _factory.QueryAsync<string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND lower(name) <> 'schemaversions'"))
        {
            if (await _factory.ScalarAsync<int>($"SELECT COUNT(*) FROM {table}") > 0)
                filled.Add(table);
        }

        Assert.Equal(CopySchema.SeededTables, filled);
    }

    [Fact]
    public async Task Every_table_is_copied_after_the_tables_its_foreign_keys_point_at()
    {
        await StartAsync();
        await using var connection = new SqliteConnection(Source);
        await connection.OpenAsync();

        var tables = await SqliteCopySchema.ReadAsync(connection, null, CancellationToken.None);
        var ordered = CopySchema.InInsertionOrder(tables).Select(table => table.Name).ToList();

        Assert.Equal(await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND lower(name) <> 'schemaversions'"), ordered.Count);
        Assert.Contains("reports", ordered);
        foreach (var table in tables)
        {
            foreach (var (_, referenced) in table.ForeignKeys.Where(key => key.ReferencedTable != table.Name))
                Assert.True(ordered.IndexOf(referenced) < ordered.IndexOf(table.Name), $"{table.Name} is copied before {referenced}.");
        }

        Assert.Equal(["duplicate_of_report_id", "forwarded_from_report_id", "forwarded_to_report_id"], tables.Single(table => table.Name == "reports").SelfReferences.Order());
        Assert.DoesNotContain(tables.Single(table => table.Name == "reports").Columns, column => column.Name is "effective_category" or "event_month");
    }

    [Fact]
    public async Task A_source_not_migrated_to_the_current_schema_is_refused_before_the_target_is_touched()
    {
        await StartAsync();
        await _factory.ExecuteAsync("DELETE FROM schemaversions WHERE scriptname LIKE '%0007_drop_plaintext_contact.sql'");

        var (exitCode, _, error) = await CopyAsync("--from", Source, "--to-provider", "sqlite", "--to", Target);

        Assert.Equal(CommandExitCodes.Failed, exitCode);
        Assert.Contains("The source is not migrated to the current schema", error, StringComparison.Ordinal);
        Assert.Contains("0007_drop_plaintext_contact.sql", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_scratch.PathOf("target.db")));
    }

    [Fact]
    public async Task A_missing_source_is_refused()
    {
        var (exitCode, _, error) = await CopyAsync("--from", $"Data Source={_scratch.PathOf("none.db")}", "--to-provider", "sqlite", "--to", Target);

        Assert.Equal(CommandExitCodes.Failed, exitCode);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_scratch.PathOf("none.db")));
    }

    [Fact]
    public async Task Sealed_contacts_without_their_key_ring_are_refused()
    {
        await using var seeded = new LexHellerApiFactory();
        var workflow = new Workflow(seeded);
        await workflow.FileAsync(ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous), 0, ReportBodies.Contact()));

        var (exitCode, _, error) = await CopyAsync(
            "--from", $"Data Source={seeded.DatabasePath}", "--from-keys", _scratch.PathOf("no-keys"), "--to-provider", "sqlite", "--to", Target);

        Assert.Equal(CommandExitCodes.Failed, exitCode);
        Assert.Contains("No Data Protection key ring", error, StringComparison.Ordinal);
        Assert.Contains("--from-keys", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_whose_schema_differs_is_refused_and_nothing_is_committed()
    {
        await StartAsync();
        var (emptyCopy, output, _) = await CopyAsync("--from", Source, "--to-provider", "sqlite", "--to", Target);
        Assert.Equal(CommandExitCodes.Done, emptyCopy);
        Assert.Matches(@"categories\s+12 rows", output);
        await using (var connection = new SqliteConnection(Target + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("ALTER TABLE queues ADD COLUMN colour TEXT NULL; UPDATE categories SET label_sv = 'Ändrad' WHERE code = 'other';");
        }

        var (exitCode, _, error) = await CopyAsync("--from", Source, "--to-provider", "sqlite", "--to", Target);

        Assert.Equal(CommandExitCodes.Failed, exitCode);
        Assert.Contains("schemas differ: queues.colour is missing in the source", error, StringComparison.Ordinal);
        await using var check = new SqliteConnection(Target + ";Pooling=False");
        Assert.Equal("Ändrad", await check.ExecuteScalarAsync<string>("SELECT label_sv FROM categories WHERE code = 'other'"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--from|Data Source=a.db")]
    [InlineData("--to|Data Source=b.db")]
    [InlineData("--from|Data Source=a.db|--to|Data Source=b.db|--to-provider|oracle")]
    [InlineData("--from|Data Source=a.db|--to|Data Source=b.db|b.db")]
    [InlineData("--from|=;=|--to|Data Source=b.db|--to-provider|sqlite")]
    [InlineData("--from|Data Source=a.db|--to")]
    [InlineData("--from|Data Source=a.db|--to|Data Source=b.db|--to-provider|sqlite|--batch-size|0")]
    [InlineData("--from|Data Source=a.db|--to|Data Source=b.db|--to-provider|sqlite|--batch-size|many")]
    public async Task Wrong_arguments_exit_with_2_and_the_usage_without_a_stack_trace(string arguments)
    {
        var (exitCode, _, error) = await CopyAsync(arguments.Split('|', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(CommandExitCodes.Usage, exitCode);
        Assert.StartsWith("copy: ", error, StringComparison.Ordinal);
        Assert.Contains("Usage: dotnet LexHeller.Api.dll copy", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_with_0()
    {
        var (exitCode, output, _) = await CopyAsync("--help");

        Assert.Equal(CommandExitCodes.Done, exitCode);
        Assert.Contains("--to-provider", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_runs_through_the_entry_point_and_exits_with_its_codes()
    {
        await StartAsync();
        var target = _scratch.PathOf(Path.Combine("entry", "target.db"));

        var (exitCode, output) = await ApiProcess.RunAsync(
            ["copy", "--from", Source, "--to-provider", "sqlite", "--to", $"Data Source={target}", "--Logging:LogLevel:Default", "Warning"], _scratch.PathOf("unused.db"));
        var (wrongCode, wrongOutput) = await ApiProcess.RunAsync(["copy", "--from", Source], _scratch.PathOf("unused.db"));
        var (missingCode, missingOutput) = await ApiProcess.RunAsync(
            ["copy", "--from", $"Data Source={_scratch.PathOf("missing.db")}", "--to", "Server=localhost;Database=lexheller"], _scratch.PathOf("unused.db"));

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"categories\s+12 rows", output);
        Assert.True(File.Exists(target));
        Assert.Equal(2, wrongCode);
        Assert.Contains("--to is required", wrongOutput, StringComparison.Ordinal);
        Assert.Equal(1, missingCode);
        Assert.Contains("copy refused: The source database", missingOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", missingOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_text_forms_become_sql_server_values()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero).AddTicks(1234567), SqlServerValues.Convert("datetimeoffset", "2026-11-24T09:00:00.1234567Z"));
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)SqlServerValues.Convert("datetimeoffset", "2026-11-24T09:00:00.1234567Z")).Offset);
        Assert.Equal(new DateTime(2026, 10, 14), SqlServerValues.Convert("date", "2026-10-14"));
        Assert.Equal(Guid.Parse("01a20cd1-b640-7910-8eff-d4d9d8f7ca5a"), SqlServerValues.Convert("uniqueidentifier", "01a20cd1-b640-7910-8eff-d4d9d8f7ca5a"));
        Assert.Equal(true, SqlServerValues.Convert("bit", 1L));
        Assert.Equal(false, SqlServerValues.Convert("bit", 0L));
        Assert.Equal(60, SqlServerValues.Convert("int", 60L));
        Assert.Equal("Höglandet", SqlServerValues.Convert("nvarchar", "Höglandet"));
        Assert.Equal(DBNull.Value, SqlServerValues.Convert("datetimeoffset", DBNull.Value));
        Assert.Throws<CopyRefusedException>(() => SqlServerValues.Convert("bit", 2L));
        Assert.Throws<CopyRefusedException>(() => SqlServerValues.ClrType("xml"));
    }

    [Fact]
    public void The_bulk_copy_checks_constraints_keeps_nulls_and_fires_no_triggers()
    {
        var options = SqlServerCopyTarget.BulkCopyOptions;

        Assert.True(options.HasFlag(Microsoft.Data.SqlClient.SqlBulkCopyOptions.CheckConstraints));
        Assert.True(options.HasFlag(Microsoft.Data.SqlClient.SqlBulkCopyOptions.KeepNulls));
        Assert.False(options.HasFlag(Microsoft.Data.SqlClient.SqlBulkCopyOptions.FireTriggers));
    }
}
