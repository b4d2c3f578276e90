namespace LexHeller.SqlServer.Tests;

public sealed class CodesAndNamesOnSqlServerTests(SqlServerContainer sqlServer) : CodesAndNamesContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
