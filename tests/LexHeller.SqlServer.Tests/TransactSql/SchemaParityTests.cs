using System.Reflection;
using LexHeller.Api.Features.Privacy;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>
/// The two engines' schemas cannot drift apart: the SQLite schema as the service's own migrator
/// leaves a new database, read from SQLite's catalogue, against the SQL Server schema that
/// db/sqlserver/ builds, read from the scripts with ScriptDom. No server is needed, so this runs
/// everywhere. (Migration 0006 is C# and changes data only: see the last test.)
/// </summary>
public sealed class SchemaParityTests
{
    private static readonly Lazy<Task<SqliteConnection>> MigratedSqlite = new(MigrateSqliteAsync);

    [Fact]
    public async Task The_sqlite_schema_and_the_sql_server_scripts_have_the_same_tables_columns_keys_and_indexes()
    {
        var differences = SchemaComparison.Differences(await SqliteModelAsync(), SqlServerModel());

        Assert.True(differences.Count == 0,
            $"The SQLite and SQL Server schemas differ in {differences.Count} place(s). A released script is never edited: "
            + $"add the next numbered migration to db/sqlite/ and db/sqlserver/.\n  {string.Join("\n  ", differences)}");
    }

    [Fact]
    public async Task Both_models_hold_the_whole_schema_not_an_empty_one()
    {
        var sqlite = await SqliteModelAsync();
        var sqlServer = SqlServerModel();

        foreach (var model in new[] { sqlite, sqlServer })
        {
            Assert.True(model.Tables.Count >= 29, $"{model.Tables.Count} tables");
            Assert.True(model.ColumnCount >= 190, $"{model.ColumnCount} columns");
            Assert.True(model.IndexCount >= 20, $"{model.IndexCount} indexes");
            Assert.True(model.UniqueConstraintCount >= 10, $"{model.UniqueConstraintCount} unique constraints");
            Assert.True(model.ForeignKeyCount >= 45, $"{model.ForeignKeyCount} foreign keys");

            // Each kind of statement left its mark: ALTER TABLE ADD (0003, 0004), DROP COLUMN (0007),
            // computed columns, a filtered index, composite keys, the append-only triggers and the counting ones (0019).
            var reports = model.Table("reports");
            Assert.NotNull(reports.Column("queue_id"));
            Assert.True(reports.Column("effective_category")!.Computed);
            Assert.Equal(["report_id", "sequence"], model.Table("report_events").Uniques.Single().Columns);
            Assert.Equal(["association_id", "year"], model.Table("reference_counters").PrimaryKey);
            Assert.Equal(new[] { "report_id", "sealed_contact", "created_at", "has_email", "purged_at", "sealed_receipt_token" }.Order(),
                model.Table("reporter_contacts").Columns.Select(column => column.Name).Order());
            Assert.NotNull(model.Table("reporter_contacts").Indexes.Single(index => index.Name == "ix_reporter_contacts_unpurged").Filter);
            Assert.True(model.Table("report_events").HasTriggers);
            Assert.True(model.Table("reports").HasTriggers);   // 0019: the triggers that keep queue_status_counts
        }

        Assert.Equal(sqlite.Tables.Keys, sqlServer.Tables.Keys);
        Assert.Equal(["effective_category", "area_id", "resolution", "reporter_party_id", "involved_party_kinds",
                "kind", "status", "event_month", "created_at", "first_referred_at", "first_answered_at", "closed_at", "id"],
            sqlServer.Table("reports").Indexes.Single(index => index.Name == "ix_reports_statistics").Included);
    }

    [Fact]
    public async Task The_engines_own_tables_are_left_out_by_name_and_only_those()
    {
        var connection = await MigratedSqlite.Value;
        var all = Dapper.SqlMapper.Query<string>(connection, "SELECT name FROM sqlite_master WHERE type = 'table'").ToList();
        var model = await SqliteModelAsync();

        Assert.Contains(all, table => SqliteSchemaReader.EngineTables.Contains(table));   // DbUp's journal is there, and left out
        Assert.Equal(all.Where(table => !SqliteSchemaReader.EngineTables.Contains(table)).Order(StringComparer.OrdinalIgnoreCase),
            model.Tables.Keys);
    }

    [Fact]
    public async Task A_drift_on_either_side_is_reported_with_what_differs()
    {
        var sqlite = await SqliteModelAsync();
        var sqlServer = SqlServerModel();
        SqlServerScriptSchema.Apply(sqlServer, "9999_drift.sql", """
            ALTER TABLE queues ADD colour NVARCHAR(20) NULL;
            ALTER TABLE areas ALTER COLUMN name NVARCHAR(200) NULL;
            ALTER TABLE parties ALTER COLUMN unit INT NULL;
            DROP INDEX ix_referrals_report ON referrals;
            CREATE UNIQUE INDEX ix_queues_steering_group_name ON queues (steering_group_id, name);
            CREATE TABLE drift_only (id UNIQUEIDENTIFIER NOT NULL CONSTRAINT pk_drift_only PRIMARY KEY);
            ALTER TABLE report_notes ADD CONSTRAINT fk_report_notes_queue FOREIGN KEY (author) REFERENCES queues (id);
            EXEC sp_rename 'follow_ups.outcome', 'result', 'COLUMN';
            """);

        var differences = SchemaComparison.Differences(sqlite, sqlServer);

        Assert.Equal(
            [
                "column areas.name: NOT NULL on SQLite, NULL on SQL Server",
                "column follow_ups.outcome: on SQLite only",
                "column follow_ups.result: on SQL Server only",
                "column parties.unit: SQLite TEXT but SQL Server INT (expected one of CHAR, DATE, DATETIME2, DATETIMEOFFSET, NCHAR, NVARCHAR, UNIQUEIDENTIFIER, VARCHAR)",
                "column queues.colour: on SQL Server only",
                "foreign key of report_notes ((author) references queues (id) on delete no action): on SQL Server only",
                "index ix_queues_steering_group_name on queues: on SQL Server only",
                "index ix_referrals_report on referrals: on SQLite only",
                "table drift_only: on SQL Server only",
            ],
            differences.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_drift_in_the_sqlite_schema_is_reported_too()
    {
        await using var copy = new SqliteConnection("Data Source=:memory:");
        await copy.OpenAsync(TestContext.Current.CancellationToken);
        (await MigratedSqlite.Value).BackupDatabase(copy);
        await Dapper.SqlMapper.ExecuteAsync(copy, """
            ALTER TABLE queues ADD COLUMN colour TEXT NULL;
            DROP INDEX ix_reports_months;
            CREATE INDEX ix_reports_months ON reports (association_id, effective_category, event_month, event_date, area_id, resolution);
            DROP INDEX ix_reporter_contacts_unpurged;
            CREATE INDEX ix_reporter_contacts_unpurged ON reporter_contacts (report_id) WHERE purged_at IS NOT NULL;
            CREATE UNIQUE INDEX ix_report_notes_report_unique ON report_notes (report_id, created_at);
            """);

        var differences = SchemaComparison.Differences(SqliteSchemaReader.Read(copy), SqlServerModel());

        Assert.Equal(
            [
                "column queues.colour: on SQLite only",
                "index ix_report_notes_report_unique on report_notes: on SQLite only",
                "index ix_reporter_contacts_unpurged on reporter_contacts: filter 'purged_at IS NOT NULL' on SQLite, 'purged_at IS NULL' on SQL Server",
                "index ix_reports_months on reports: (association_id, effective_category, event_month, event_date, area_id, resolution) on SQLite, "
                    + "(association_id, event_month, effective_category, event_date) INCLUDE (area_id, resolution) on SQL Server",
            ],
            differences.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_statement_the_model_does_not_know_fails_instead_of_being_ignored()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            SqlServerScriptSchema.Apply(SqlServerModel(), "9999_view.sql", "CREATE VIEW open_reports AS SELECT id FROM reports WHERE status <> 'closed';"));

        Assert.Contains("CreateViewStatement", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migration_0006_is_code_that_changes_data_only()
    {
        Assert.Equal("0006_seal_reporter_contacts", SealExistingReporterContacts.Name);

        // Neither engine has a script numbered 0006, though both have the ones around it: the step is the code alone.
        foreach (var engine in new[] { "sqlite", "sqlserver" })
        {
            var numbers = Directory.GetFiles(Repository.PathOf("db", engine), "*.sql").Select(path => Path.GetFileName(path)[..4]).ToList();
            Assert.Equal((true, false, true), (numbers.Contains("0005"), numbers.Contains("0006"), numbers.Contains("0007")));
        }

        // Every statement the code holds, and the script it gives DbUp afterwards, reads or updates rows: none changes the schema.
        var statements = typeof(SealExistingReporterContacts).GetFields(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(field => field is { IsLiteral: true } && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Append(ScriptAfterTheCode())
            .SelectMany(StatementKinds)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["SelectStatement", "SelectStatement", "UpdateStatement"], statements);
    }

    /// <summary>The script the migration hands to DbUp once its code has run, over a table with nothing left to seal.</summary>
    private static string ScriptAfterTheCode()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE reporter_contacts (report_id TEXT, name TEXT, role TEXT, email TEXT, phone TEXT,
                    sealed_contact TEXT, has_email INTEGER, purged_at TEXT)
                """;
            create.ExecuteNonQuery();
        }

        return new SealExistingReporterContacts(null!).ProvideScript(connection.CreateCommand);
    }

    private static IEnumerable<string> StatementKinds(string sql)
    {
        using var reader = new StringReader(sql);
        var script = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        Assert.Empty(errors);
        return [.. script.Batches.SelectMany(batch => batch.Statements).Select(statement => statement.GetType().Name)];
    }

    private static SchemaModel SqlServerModel() =>
        SqlServerScriptSchema.Build(Directory.GetFiles(Repository.PathOf("db", "sqlserver"), "*.sql").Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllText(path))));

    private static async Task<SchemaModel> SqliteModelAsync() => SqliteSchemaReader.Read(await MigratedSqlite.Value);

    /// <summary>A new SQLite database migrated by the service at start-up, copied into memory.</summary>
    private static async Task<SqliteConnection> MigrateSqliteAsync()
    {
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        _ = factory.Services.GetRequiredService<IServiceProvider>();   // starts the host: the migrator runs
        var memory = new SqliteConnection("Data Source=:memory:");
        memory.Open();
        using (var file = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            file.Open();
            file.BackupDatabase(memory);
        }
        return memory;
    }
}
