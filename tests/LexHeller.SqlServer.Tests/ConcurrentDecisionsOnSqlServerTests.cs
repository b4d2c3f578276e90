namespace LexHeller.SqlServer.Tests;

public sealed class ConcurrentDecisionsOnSqlServerTests(SqlServerContainer sqlServer) : ConcurrentDecisionsContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
