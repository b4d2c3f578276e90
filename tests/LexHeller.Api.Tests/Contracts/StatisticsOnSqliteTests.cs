namespace LexHeller.Api.Tests.Contracts;

public sealed class StatisticsOnSqliteTests : StatisticsContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
