namespace LexHeller.SqlServer.Tests;

public sealed class OutboxOnSqlServerTests(SqlServerContainer sqlServer) : OutboxContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
