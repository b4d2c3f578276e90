namespace LexHeller.Api.Tests.Contracts;

public sealed class ExportsOnSqliteTests : ExportsContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
