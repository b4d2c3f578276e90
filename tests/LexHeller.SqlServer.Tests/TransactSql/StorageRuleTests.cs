using LexHeller.Api.Features.Exports;
using LexHeller.Api.Features.Statistics;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>
/// What a DBA's review asks of the SQL Server schema the scripts build (issue 19, migration 0017), read with
/// <see cref="SqlServerScriptSchema"/>: no table written with every report is clustered on a GUID (version-7
/// GUIDs are not ascending in SQL Server's uniqueidentifier order, so such a table takes its inserts at random
/// places), no index repeats a primary or unique key, the reporter contacts are rebuilt after their plaintext
/// columns were dropped, and the indexes the outbox, the member look-ups, the lead times and the exports read are there.
/// </summary>
public sealed class StorageRuleTests
{
    /// <summary>The tables written with every report, each step of it, each message and each read of a contact: clustered on time since 0017.</summary>
    public static readonly IReadOnlyList<string> WrittenOften =
        ["report_events", "referrals", "report_messages", "report_notes", "outbox_messages", "reporter_contacts", "reporter_contact_access"];

    /// <summary>
    /// Clustered on a key that starts with a GUID, knowingly: reference data and memberships written by administrators,
    /// rows written once per report with no time column, and the two tables clustered by association and then an
    /// ascending value (one append point per association); and the counts per queue and status (0019), a few rows per
    /// queue, each inserted once and then updated in place; and the response templates (0024), reference data that
    /// administrators write and the forms read by association and purpose. A new table is not here: it is clustered otherwise, or
    /// it is added with its reason (0017 names them).
    /// </summary>
    public static readonly IReadOnlySet<string> GuidClusteredByChoice = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "associations", "areas", "parties", "steering_groups", "steering_group_members", "association_members", "party_members",
        "api_clients", "reference_counters", "queues", "routing_rules", "pattern_detections", "follow_ups", "follow_up_reports",
        "follow_up_events", "member_roles", "category_notices", "steering_group_meetings", "report_imports", "publications",
        "report_involved_parties", "reports", "audit_events", "queue_status_counts", "response_templates",
        // 0022: the reporter's answer to "did it help", at most one per closure of a report, read by report.
        "reporter_feedback",
    };

    private static readonly Lazy<SchemaModel> Current = new(() => Build(_ => true));

    private static readonly Lazy<SchemaModel> Before0017 = new(() => Build(name => string.CompareOrdinal(name, "0017") < 0));

    [Fact]
    public void The_tables_written_with_every_report_are_clustered_on_a_time_column_not_on_a_guid()
    {
        foreach (var name in WrittenOften)
        {
            var table = Current.Value.Table(name);
            var key = table.ClusteredKey ?? throw new Xunit.Sdk.XunitException($"{name} is a heap.");
            Assert.True(TypeOf(table, key[0]) == "DATETIMEOFFSET", $"{name} is clustered on ({string.Join(", ", key)}).");
            Assert.False(table.PrimaryKeyClustered, $"{name}'s primary key is still clustered.");
            Assert.NotEmpty(table.PrimaryKey);
        }
    }

    [Fact]
    public void Before_0017_each_of_those_tables_was_clustered_on_a_key_that_starts_with_a_guid()
    {
        foreach (var name in WrittenOften)
        {
            var table = Before0017.Value.Table(name);
            Assert.Equal("UNIQUEIDENTIFIER", TypeOf(table, table.ClusteredKey![0]));
        }
    }

    [Fact]
    public void No_other_table_is_clustered_on_a_guid_unless_it_is_named_with_its_reason()
    {
        var guidClustered = Current.Value.Tables.Values
            .Where(table => table.ClusteredKey is { } key && TypeOf(table, key[0]) == "UNIQUEIDENTIFIER")
            .Select(table => table.Name)
            .ToList();

        Assert.All(guidClustered, name => Assert.Contains(name, GuidClusteredByChoice));
        Assert.Empty(WrittenOften.Intersect(GuidClusteredByChoice));
        // Every table has a clustered index: none is a heap.
        Assert.Empty(Current.Value.Tables.Values.Where(table => table.ClusteredKey is null).Select(table => table.Name));
    }

    [Fact]
    public void No_index_repeats_a_primary_key_or_a_unique_constraint()
    {
        var repeats = Repeats(Current.Value);

        Assert.True(repeats.Count == 0, string.Join("\n", repeats));
    }

    [Fact]
    public void The_repeat_rule_finds_an_index_on_a_primary_keys_columns_or_their_start()
    {
        var model = Build(_ => true);
        SqlServerScriptSchema.Apply(model, "9999_repeat.sql", """
            CREATE INDEX ix_referrals_id ON referrals (id);
            CREATE INDEX ix_member_roles_association ON member_roles (association_id, user_key);
            CREATE INDEX ix_receipts_report ON receipts (report_id);
            CREATE INDEX ix_member_roles_filtered ON member_roles (association_id) WHERE requires_role_claim = 1;
            """);

        Assert.Equal(
            [
                "ix_member_roles_association on member_roles repeats (association_id, user_key, role)",
                "ix_receipts_report on receipts repeats (report_id)",
                "ix_referrals_id on referrals repeats (id)",
            ],
            Repeats(model).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_sql_server_script_0017_rebuilds_the_reporter_contacts_after_the_rest_and_parses()
    {
        var sql = File.ReadAllText(Repository.PathOf("db", "sqlserver", "0017_storage_review.sql"));
        Assert.Empty(TransactSqlParsing.Errors(sql));

        var statements = Statements(sql);
        var rebuild = statements.FindIndex(statement => statement is AlterTableRebuildStatement { SchemaObjectName.BaseIdentifier.Value: "reporter_contacts" });
        Assert.True(rebuild >= 0, "0017 does not rebuild reporter_contacts.");
        // Nothing after the rebuild touches reporter_contacts again, so nothing could leave the old pages in use.
        Assert.DoesNotContain(statements.Skip(rebuild + 1), statement =>
            statement is AlterTableStatement { SchemaObjectName.BaseIdentifier.Value: "reporter_contacts" }
                or CreateIndexStatement { OnName.BaseIdentifier.Value: "reporter_contacts" });
        // And 0007 is what it follows: the plaintext columns are dropped before.
        Assert.Contains(Statements(File.ReadAllText(Repository.PathOf("db", "sqlserver", "0007_drop_plaintext_contact.sql"))),
            statement => statement is AlterTableDropTableElementStatement { SchemaObjectName.BaseIdentifier.Value: "reporter_contacts" });
    }

    [Fact]
    public void The_outbox_dispatcher_reads_a_filtered_index_without_sent_cancelled_or_dead_messages()
    {
        var due = Current.Value.Table("outbox_messages").Indexes.Single(index => index.Name == "ix_outbox_messages_due");

        Assert.Equal(["next_attempt_at", "id"], due.Columns);
        foreach (var excluded in new[] { "sent_at IS NULL", "cancelled_at IS NULL", "dead_at IS NULL" })
            Assert.Contains(excluded, due.Filter, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("member_roles")]
    [InlineData("party_members")]
    [InlineData("steering_group_members")]
    [InlineData("association_members")]
    public void Members_are_looked_up_by_user_key_through_an_index_that_starts_with_it(string table)
    {
        var model = Current.Value.Table(table);

        Assert.True(model.PrimaryKey[0] == "user_key" || model.Indexes.Any(index => index.Columns[0] == "user_key" && index.Filter is null),
            $"{table} has no index that starts with user_key.");
    }

    [Fact]
    public void The_lead_times_and_the_exports_read_only_columns_of_one_index_that_seeks_on_association_and_event_date()
    {
        var reports = Current.Value.Table("reports");
        var index = reports.Indexes.Single(candidate => candidate.Name == "ix_reports_statistics");
        Assert.Equal(["association_id", "event_date"], index.Columns);
        var covered = index.Columns.Concat(index.Included).ToHashSet(StringComparer.OrdinalIgnoreCase);

        foreach (var (name, sql) in new[]
                 {
                     ("GetLeadTimes.Milestones", GetLeadTimes.Milestones),
                     ("ExportReports.RowsByDay", ExportReports.RowsByDay),
                     ("ExportReports.RowsByMonth", ExportReports.RowsByMonth),
                     ("ExportReports.RowsByYear", ExportReports.RowsByYear),
                 })
        {
            var read = ColumnsOfAlias(sql, "r");
            Assert.NotEmpty(read);
            Assert.True(read.All(covered.Contains), $"{name} reads {string.Join(", ", read.Where(column => !covered.Contains(column)))} of reports outside ix_reports_statistics.");
        }
    }

    /// <summary>Unfiltered indexes without INCLUDE whose key is a primary or unique key's columns, or their start.</summary>
    private static List<string> Repeats(SchemaModel model)
    {
        var repeats = new List<string>();
        foreach (var table in model.Tables.Values)
        {
            var keys = table.Uniques.Select(unique => unique.Columns).Prepend(table.PrimaryKey).Where(key => key.Count > 0).ToList();
            foreach (var index in table.Indexes.Where(index => index.Filter is null && index.Included.Count == 0 && !index.Clustered))
            {
                var repeated = keys.FirstOrDefault(key => index.Columns.Count <= key.Count
                    && key.Take(index.Columns.Count).SequenceEqual(index.Columns, StringComparer.OrdinalIgnoreCase));
                if (repeated is not null)
                    repeats.Add($"{index.Name} on {table.Name} repeats ({string.Join(", ", repeated)})");
            }
        }

        return repeats;
    }

    private static string? TypeOf(TableModel table, string column) => table.Column(column)?.Type;

    private static SchemaModel Build(Func<string, bool> include) =>
        SqlServerScriptSchema.Build(Directory.GetFiles(Repository.PathOf("db", "sqlserver"), "*.sql").Order(StringComparer.Ordinal)
            .Select(path => Path.GetFileName(path)).Where(include)
            .Select(name => (name, File.ReadAllText(Repository.PathOf("db", "sqlserver", name)))));

    private static List<TSqlStatement> Statements(string sql)
    {
        using var reader = new StringReader(sql);
        var script = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        Assert.Empty(errors);
        return [.. script.Batches.SelectMany(batch => batch.Statements)];
    }

    /// <summary>The columns a statement names through the table alias <paramref name="alias"/> (r.created_at …).</summary>
    private static IReadOnlySet<string> ColumnsOfAlias(string sql, string alias)
    {
        using var reader = new StringReader(sql);
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        Assert.Empty(errors);
        var visitor = new ColumnVisitor(alias);
        fragment.Accept(visitor);
        return visitor.Columns;
    }

    private sealed class ColumnVisitor(string alias) : TSqlFragmentVisitor
    {
        public HashSet<string> Columns { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier?.Identifiers is [var table, var column] && string.Equals(table.Value, alias, StringComparison.OrdinalIgnoreCase))
                Columns.Add(column.Value);
        }
    }
}
