namespace LexHeller.Api.Tests.Contracts;

public sealed class PatternsAndFollowUpsOnSqliteTests : PatternsAndFollowUpsContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
