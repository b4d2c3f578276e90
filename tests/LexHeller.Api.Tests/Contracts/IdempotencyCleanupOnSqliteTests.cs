namespace LexHeller.Api.Tests.Contracts;

public sealed class IdempotencyCleanupOnSqliteTests : IdempotencyCleanupContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
