namespace LexHeller.SqlServer.Tests;

public sealed class LifecycleOnSqlServerTests(SqlServerContainer sqlServer) : LifecycleContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
