namespace LexHeller.Api.Tests.Contracts;

public sealed class ReporterContactOnSqliteTests : ReporterContactContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
