namespace LexHeller.SqlServer.Tests;

public sealed class TriageWorkflowOnSqlServerTests(SqlServerContainer sqlServer) : TriageWorkflowContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(sqlServer.CreateFactory());
}
