namespace LexHeller.SqlServer.Tests.TransactSql;

public sealed partial class CodeStatementTests
{
    [Fact]
    public void The_scan_finds_the_statements_the_copy_runs_on_sql_server()
    {
        var statements = FindStatements().ToList();

        foreach (var expected in new[] { "CopyTargets.cs:CopyTarget:", "CopyTargets.cs:SqlServerCopyTarget:", "KeyRingCopy.cs:KeyRingCopy:", "TargetLimits.cs:SqlServerTargetLimits:" })
            Assert.Contains(statements, statement => statement.Location.Contains(expected, StringComparison.Ordinal));
        // The statements naming a table are parsed with a placeholder name in its place.
        Assert.Contains(statements, statement => statement.Sql.Contains("UPDATE copied_table SET copied_column", StringComparison.Ordinal));
        Assert.DoesNotContain(statements, statement => statement.Location.Contains("SqliteCopy", StringComparison.Ordinal));
        Assert.DoesNotContain(statements, statement => statement.Location.Contains("SqliteTargetLimits", StringComparison.Ordinal) || statement.Location.Contains("SqlitePreflight", StringComparison.Ordinal));
    }
}
