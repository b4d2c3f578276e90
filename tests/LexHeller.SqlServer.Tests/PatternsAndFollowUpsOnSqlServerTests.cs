namespace LexHeller.SqlServer.Tests;

public sealed class PatternsAndFollowUpsOnSqlServerTests(SqlServerContainer sqlServer) : PatternsAndFollowUpsContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
