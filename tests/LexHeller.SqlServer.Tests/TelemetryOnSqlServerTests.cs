namespace LexHeller.SqlServer.Tests;

public sealed class TelemetryOnSqlServerTests(SqlServerContainer sqlServer) : TelemetryContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
