namespace LexHeller.SqlServer.Tests;

public sealed class ReportIntakeOnSqlServerTests(SqlServerContainer sqlServer) : ReportIntakeContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
