namespace LexHeller.SqlServer.Tests;

public sealed class QueueStatusCountsOnSqlServerTests(SqlServerContainer sqlServer) : QueueStatusCountsContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
