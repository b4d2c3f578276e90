namespace LexHeller.SqlServer.Tests.TransactSql;

public sealed class MigrationScriptTests
{
    public static TheoryData<string> SqlServerScripts() =>
        [.. Directory.GetFiles(Repository.PathOf("db", "sqlserver"), "*.sql").Select(path => Path.GetFileName(path)).Order()];

    [Theory]
    [MemberData(nameof(SqlServerScripts))]
    public void Every_sql_server_migration_parses_as_t_sql(string script)
    {
        var sql = File.ReadAllText(Repository.PathOf("db", "sqlserver", script));

        Assert.Empty(TransactSqlParsing.Errors(sql));
    }

    [Fact]
    public void Both_engines_have_the_same_numbered_migrations()
    {
        static IEnumerable<string> Names(string engine) =>
            Directory.GetFiles(Repository.PathOf("db", engine), "*.sql").Select(path => Path.GetFileName(path)).Order();

        Assert.NotEmpty(Names("sqlite"));
        Assert.Equal(Names("sqlite"), Names("sqlserver"));
    }

    [Fact]
    public void The_parser_does_report_an_error_in_broken_t_sql() =>
        Assert.NotEmpty(TransactSqlParsing.Errors("CREATE TABLE reports (id UNIQUEIDENTIFIER NOT NULL PRIMARY KEY,,)"));

    [Fact]
    public void Sqlite_only_syntax_is_not_t_sql() =>
        Assert.NotEmpty(TransactSqlParsing.Errors(
            "INSERT INTO reference_counters (association_id, year, last_value) VALUES (@A, @Y, 1) ON CONFLICT (association_id, year) DO UPDATE SET last_value = last_value + 1 RETURNING last_value;"));
}
