namespace LexHeller.Api.Tests.Contracts;

public sealed class SignInLinkOnSqliteTests : SignInLinkContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
