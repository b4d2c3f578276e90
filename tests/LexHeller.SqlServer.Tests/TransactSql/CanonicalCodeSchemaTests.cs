using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>
/// Codes compare the same on both engines (migration 0018, docs/architecture.md#collations): after the
/// db/sqlserver scripts every code column has the binary collation, and the codes people choose are guarded
/// by a CHECK on SQL Server and by triggers on SQLite (which cannot add a CHECK without rebuilding the table;
/// <see cref="SqliteSchemaReader"/> counts those triggers as the CHECKs).
/// </summary>
public sealed class CanonicalCodeSchemaTests
{
    private const string Binary = "Latin1_General_100_BIN2";

    /// <summary>Every column that holds a code (or a list of codes) and is compared with one.</summary>
    public static TheoryData<string, string> CodeColumns() =>
    [
        new("associations", "code"), new("areas", "code"), new("parties", "kind"), new("categories", "code"),
        new("category_notices", "category_code"), new("category_labels", "category_code"),
        new("reports", "kind"), new("reports", "suggested_category"), new("reports", "category"), new("reports", "affected_gender"),
        new("reports", "status"), new("reports", "channel"), new("reports", "resolution"), new("reports", "involved_party_kinds"),
        new("routing_rules", "party_kind"), new("routing_rules", "category"), new("referrals", "status"), new("report_messages", "kind"),
        new("pattern_detections", "category"), new("pattern_detections", "party_kinds"), new("follow_ups", "status"),
        new("follow_ups", "pattern_category"), new("follow_ups", "pattern_party_kinds"), new("member_roles", "role"),
        new("reporter_contact_access", "action"),
    ];

    [Theory]
    [MemberData(nameof(CodeColumns))]
    public void A_code_column_ends_with_the_binary_collation_on_sql_server(string table, string column) =>
        Assert.Equal(Binary, FinalCollations().GetValueOrDefault((table, column)));

    [Fact]
    public void Name_columns_keep_the_database_collation_and_are_sorted_with_the_swedish_one() =>
        Assert.DoesNotContain(FinalCollations(), entry => entry.Key.Column == "name" && entry.Value is not null);

    [Theory]
    [InlineData("associations")]
    [InlineData("areas")]
    [InlineData("categories")]
    public async Task A_code_chosen_by_people_is_guarded_on_both_engines(string table)
    {
        var checks = Statements().OfType<AlterTableAddTableElementStatement>()
            .Where(statement => statement.SchemaObjectName.BaseIdentifier.Value == table)
            .SelectMany(statement => statement.Definition.TableConstraints.OfType<CheckConstraintDefinition>())
            .Select(check => check.ConstraintIdentifier?.Value);
        Assert.Contains($"ck_{table}_code_canonical", checks);

        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        _ = factory.Services.GetRequiredService<IServiceProvider>();   // starts the host: the migrator runs
        await using var file = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        var triggers = await file.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = @Table", new { Table = table });
        Assert.Equal([$"{table}_code_is_canonical_insert", $"{table}_code_is_canonical_update"], triggers.Order(StringComparer.Ordinal));
    }

    /// <summary>The collation each column has after every script: as created, then as last altered (null: the database's).</summary>
    private static Dictionary<(string Table, string Column), string?> FinalCollations()
    {
        var collations = new Dictionary<(string Table, string Column), string?>();
        foreach (var statement in Statements())
        {
            switch (statement)
            {
                case CreateTableStatement create:
                    foreach (var column in create.Definition.ColumnDefinitions)
                        collations[(create.SchemaObjectName.BaseIdentifier.Value, column.ColumnIdentifier.Value)] = column.Collation?.Value;
                    break;
                case AlterTableAddTableElementStatement add:
                    foreach (var column in add.Definition.ColumnDefinitions)
                        collations[(add.SchemaObjectName.BaseIdentifier.Value, column.ColumnIdentifier.Value)] = column.Collation?.Value;
                    break;
                case AlterTableAlterColumnStatement alter:
                    collations[(alter.SchemaObjectName.BaseIdentifier.Value, alter.ColumnIdentifier.Value)] = alter.Collation?.Value;
                    break;
            }
        }

        return collations;
    }

    private static IEnumerable<TSqlStatement> Statements() =>
        Directory.GetFiles(Repository.PathOf("db", "sqlserver"), "*.sql").Order(StringComparer.Ordinal).SelectMany(path =>
        {
            using var reader = new StringReader(File.ReadAllText(path));
            var script = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
            Assert.Empty(errors);
            return script.Batches.SelectMany(batch => batch.Statements).ToList();
        });
}
