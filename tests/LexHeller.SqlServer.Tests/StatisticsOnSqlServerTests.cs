namespace LexHeller.SqlServer.Tests;

public sealed class StatisticsOnSqlServerTests(SqlServerContainer sqlServer) : StatisticsContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
