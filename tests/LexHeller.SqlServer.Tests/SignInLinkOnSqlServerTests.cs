namespace LexHeller.SqlServer.Tests;

public sealed class SignInLinkOnSqlServerTests(SqlServerContainer sqlServer) : SignInLinkContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
