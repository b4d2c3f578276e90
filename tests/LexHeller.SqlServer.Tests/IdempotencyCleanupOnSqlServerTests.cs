namespace LexHeller.SqlServer.Tests;

public sealed class IdempotencyCleanupOnSqlServerTests(SqlServerContainer sqlServer) : IdempotencyCleanupContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
