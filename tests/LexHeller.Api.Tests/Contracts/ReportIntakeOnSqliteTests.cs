namespace LexHeller.Api.Tests.Contracts;

public sealed class ReportIntakeOnSqliteTests : ReportIntakeContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
