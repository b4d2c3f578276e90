namespace LexHeller.Api.Tests.Contracts;

public sealed class LifecycleOnSqliteTests : LifecycleContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
