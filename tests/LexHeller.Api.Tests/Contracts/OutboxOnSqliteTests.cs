namespace LexHeller.Api.Tests.Contracts;

public sealed class OutboxOnSqliteTests : OutboxContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
