namespace LexHeller.SqlServer.Tests;

public sealed class AdministrationAndDeliveryOnSqlServerTests(SqlServerContainer sqlServer) : AdministrationAndDeliveryContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
