using LexHeller.Api.Data;
using LexHeller.Api.Infrastructure.Idempotency;

namespace LexHeller.SqlServer.Tests.TransactSql;

/// <summary>
/// The statements of several instances' coordination that the code scan cannot read as SQL (built with the dialect, or
/// beginning with DECLARE, IF, EXEC or ALTER DATABASE) are parsed here as SQL Server would read them.
/// </summary>
public sealed class InstanceStatementTests
{
    public static TheoryData<string, string> Statements() => new()
    {
        { "IdempotencyCleanupJob.DeleteBatch", IdempotencyCleanupJob.DeleteBatch(new SqlServerDialect()) },
        { "SqlServerMigrationLock.GetAppLock", SqlServerMigrationLock.GetAppLock },
        { "SqlServerMigrationLock.ReleaseAppLock", SqlServerMigrationLock.ReleaseAppLock },
        { "SqlServerDatabaseSetup.QuotedNameIfMissing", SqlServerDatabaseSetup.QuotedNameIfMissing },
        { "SqlServerDatabaseSetup.CreateDatabase", SqlServerDatabaseSetup.CreateDatabase("[Lex]]Heller]") },
        { "SqlServerDatabaseSetup.ReadState", SqlServerDatabaseSetup.ReadState },
        { "SqlServerDatabaseSetup.TurnOnReadCommittedSnapshot", SqlServerDatabaseSetup.TurnOnReadCommittedSnapshot },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public void Each_statement_parses_as_t_sql(string name, string sql) =>
        Assert.True(TransactSqlParsing.Errors(sql) is { Count: 0 }, $"{name}: {string.Join("; ", TransactSqlParsing.Errors(sql))}\n{sql}");

    [Fact]
    public void The_clean_up_batch_is_bounded_by_the_dialect_s_row_limit_on_both_engines()
    {
        Assert.Contains("OFFSET 0 ROWS FETCH NEXT @Take ROWS ONLY", IdempotencyCleanupJob.DeleteBatch(new SqlServerDialect()), StringComparison.Ordinal);
        Assert.Contains("LIMIT @Take", IdempotencyCleanupJob.DeleteBatch(new SqliteDialect()), StringComparison.Ordinal);
    }
}
