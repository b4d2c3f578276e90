using Dapper;
using LexHeller.Api.Data;
using LexHeller.Api.Data.Operations;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Operations;

/// <summary>
/// The copy's preflight against a SQL Server-shaped target, which runs here without a server: the limits are what
/// SQL Server's catalog says of an areas table (NVARCHAR lengths, the database's CI collation) with a unique key on
/// association and name, like the one parties, queues and steering groups have (codes can no longer collide so:
/// SQLite refuses a code that is not canonical since schema 18), and the source is a real SQLite database.
/// </summary>
public sealed class CopyPreflightTests : IAsyncLifetime
{
    private const string CaseInsensitive = "Finnish_Swedish_100_CI_AS";
    private const string Binary = "Latin1_General_100_BIN2";

    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData(CaseInsensitive, "norr", "Norr ", true)]
    [InlineData(CaseInsensitive, "norr", "NORR", true)]
    [InlineData(CaseInsensitive, "Åsa", "åsa  ", true)]
    [InlineData(CaseInsensitive, "åsa", "asa", false)]
    [InlineData(CaseInsensitive, "norr", "söder", false)]
    [InlineData(Binary, "norr", "norr ", true)]
    [InlineData(Binary, "norr", "Norr", false)]
    public void Sql_server_compares_text_by_the_columns_collation_and_never_counts_trailing_spaces(string collation, string one, string other, bool same) =>
        Assert.Equal(same, KeyComparison.Of(DatabaseProvider.SqlServer, collation, one) == KeyComparison.Of(DatabaseProvider.SqlServer, collation, other));

    [Fact]
    public void Sqlite_compares_text_by_the_index_columns_collation_and_lets_nulls_through()
    {
        Assert.NotEqual(KeyComparison.Of(DatabaseProvider.Sqlite, "BINARY", "norr"), KeyComparison.Of(DatabaseProvider.Sqlite, "BINARY", "norr "));
        Assert.Equal(KeyComparison.Of(DatabaseProvider.Sqlite, "NOCASE", "norr"), KeyComparison.Of(DatabaseProvider.Sqlite, "NOCASE", "NORR"));
        Assert.NotEqual(KeyComparison.Of(DatabaseProvider.Sqlite, "NOCASE", "å"), KeyComparison.Of(DatabaseProvider.Sqlite, "NOCASE", "Å"));
        Assert.Equal(KeyComparison.Of(DatabaseProvider.Sqlite, "RTRIM", "norr"), KeyComparison.Of(DatabaseProvider.Sqlite, "RTRIM", "norr  "));
        Assert.Null(KeyComparison.Of(DatabaseProvider.Sqlite, null, null));
        // SQL Server's unique keys take NULL for one value: a second NULL collides.
        Assert.Equal(KeyComparison.Of(DatabaseProvider.SqlServer, null, null), KeyComparison.Of(DatabaseProvider.SqlServer, null, DBNull.Value));
        Assert.Equal(KeyComparison.Of(DatabaseProvider.SqlServer, null, Guid.Parse("01a20cd1-b640-7910-8eff-d4d9d8f7ca5a")),
            KeyComparison.Of(DatabaseProvider.SqlServer, null, SqlServerValues.Convert("uniqueidentifier", "01A20CD1-B640-7910-8EFF-D4D9D8F7CA5A")));
    }

    [Fact]
    public void The_check_clauses_of_a_create_table_are_found_with_their_names()
    {
        var checks = SqliteTargetLimits.CheckClauses("""
            CREATE TABLE t (
                kind TEXT NOT NULL CHECK (kind IN ('a', 'b)')),
                "check" INTEGER CONSTRAINT ck_positive CHECK ("check" > (0)),
                note TEXT DEFAULT 'CHECK (x)'
            )
            """);

        Assert.Equal([(null, "kind IN ('a', 'b)')"), ("ck_positive", "\"check\" > (0)")], checks);
    }

    [Fact]
    public async Task Against_a_sql_server_target_every_over_long_name_and_every_name_equal_but_for_case_or_trailing_spaces_is_named()
    {
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync("/health/ready")).StatusCode);
        await using var source = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        await source.OpenAsync();
        var associationId = await source.ExecuteScalarAsync<string>("SELECT id FROM associations ORDER BY code LIMIT 1");
        var (good, tooLong, first, second, third) = (Id(), Id(), Id(), Id(), Id());
        const string Insert = "INSERT INTO areas (id, association_id, code, name) VALUES (@Id, @AssociationId, @Code, @Name)";
        await source.ExecuteAsync(Insert, new { Id = good, AssociationId = associationId, Code = "mitt", Name = new string('M', 200) });
        await source.ExecuteAsync(Insert, new { Id = tooLong, AssociationId = associationId, Code = "lang", Name = new string('Å', 201) });
        await source.ExecuteAsync(Insert, new { Id = first, AssociationId = associationId, Code = "norr-1", Name = "Norra delen" });
        await source.ExecuteAsync(Insert, new { Id = second, AssociationId = associationId, Code = "norr-2", Name = "Norra delen " });
        await source.ExecuteAsync(Insert, new { Id = third, AssociationId = associationId, Code = "norr-3", Name = "NORRA DELEN" });

        var report = await PreflightAsync(source, CaseInsensitive);

        Assert.Equal(3, report.Offences.Count);
        Assert.Contains(report.Offences, offence => offence.Row == $"id '{tooLong}'" && offence.Column == "name"
                                                    && offence.Problem.StartsWith("is 201 characters long; the target column holds at most 200", StringComparison.Ordinal));
        Assert.Contains(report.Offences, offence => offence.Row == $"id '{second}'" && offence.Column == "(association_id, name)"
                                                    && offence.Problem.Contains($"'Norra delen ' is the same as the row id '{first}'", StringComparison.Ordinal)
                                                    && offence.Problem.Contains("case, trailing spaces ignored", StringComparison.Ordinal));
        Assert.Contains(report.Offences, offence => offence.Row == $"id '{third}'" && offence.Column == "(association_id, name)");
        Assert.DoesNotContain(report.Offences, offence => offence.Row.Contains(good, StringComparison.Ordinal));
        Assert.Contains($"id '{tooLong}', name: is 201 characters long", report.Describe(), StringComparison.Ordinal);

        // Under a binary collation only the trailing space collides.
        var binary = await PreflightAsync(source, Binary);
        Assert.Equal(2, binary.Offences.Count);
        Assert.Contains(binary.Offences, offence => offence.Row == $"id '{tooLong}'");
        Assert.Contains(binary.Offences, offence => offence.Row == $"id '{second}'" && offence.Problem.Contains("Latin1_General_100_BIN2: trailing spaces ignored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_fingerprint_is_the_same_for_the_same_source_and_changes_with_one_value()
    {
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().GetAsync("/health/ready")).StatusCode);
        await using var source = new SqliteConnection($"Data Source={_factory.DatabasePath};Pooling=False");
        await source.OpenAsync();

        var first = (await PreflightAsync(source, CaseInsensitive)).Fingerprint;
        var again = (await PreflightAsync(source, CaseInsensitive)).Fingerprint;
        await source.ExecuteAsync("UPDATE areas SET name = name || ' ' WHERE rowid = (SELECT MAX(rowid) FROM areas)");
        var changed = (await PreflightAsync(source, CaseInsensitive)).Fingerprint;

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
    }

    private static string Id() => Guid.CreateVersion7().ToString();

    /// <summary>The preflight of the areas table against SQL Server limits with a unique key on (association, name) under <paramref name="collation"/>.</summary>
    private static async Task<PreflightReport> PreflightAsync(SqliteConnection source, string collation)
    {
        await using var snapshot = source.BeginTransaction(deferred: true);
        var areas = (await SqliteCopySchema.ReadAsync(source, snapshot, CancellationToken.None)).Single(table => table.Name == "areas");
        var target = areas with
        {
            Columns = [.. areas.Columns.Select(column => column with { DataType = column.Name is "id" or "association_id" ? "uniqueidentifier" : "nvarchar" })],
        };
        var limits = new TargetLimits(DatabaseProvider.SqlServer, new Dictionary<string, TargetTableLimits>
        {
            ["areas"] = new("areas",
                [
                    new TargetColumn("id", "uniqueidentifier", null, false, null),
                    new TargetColumn("association_id", "uniqueidentifier", null, false, null),
                    new TargetColumn("code", "nvarchar", 50, false, collation),
                    new TargetColumn("name", "nvarchar", 200, false, collation),
                ],
                [
                    new TargetUniqueKey("pk_areas", [new TargetKeyColumn("id", null)], false),
                    new TargetUniqueKey("uq_areas_association_name", [new TargetKeyColumn("association_id", null), new TargetKeyColumn("name", collation)], false),
                ],
                []),
        });
        return await CopyPreflight.RunAsync(source, snapshot, [(areas, target)], limits, (column, value) => SqlServerValues.Convert(column.DataType, value), CancellationToken.None);
    }
}
