namespace LexHeller.Api.Tests.Contracts;

public sealed class ConcurrentDecisionsOnSqliteTests : ConcurrentDecisionsContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
