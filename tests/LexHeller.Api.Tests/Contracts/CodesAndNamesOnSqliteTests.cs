namespace LexHeller.Api.Tests.Contracts;

public sealed class CodesAndNamesOnSqliteTests : CodesAndNamesContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
