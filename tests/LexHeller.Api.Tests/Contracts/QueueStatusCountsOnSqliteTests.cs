namespace LexHeller.Api.Tests.Contracts;

public sealed class QueueStatusCountsOnSqliteTests : QueueStatusCountsContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
