namespace LexHeller.SqlServer.Tests;

public sealed class ExportsOnSqlServerTests(SqlServerContainer sqlServer) : ExportsContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
