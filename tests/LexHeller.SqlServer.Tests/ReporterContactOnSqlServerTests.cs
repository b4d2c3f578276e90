namespace LexHeller.SqlServer.Tests;

public sealed class ReporterContactOnSqlServerTests(SqlServerContainer sqlServer) : ReporterContactContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
