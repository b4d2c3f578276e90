namespace LexHeller.Api.Tests.Contracts;

public sealed class TriageWorkflowOnSqliteTests : TriageWorkflowContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
