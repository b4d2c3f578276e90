namespace LexHeller.Api.Tests.Contracts;

public sealed class AdministrationAndDeliveryOnSqliteTests : AdministrationAndDeliveryContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
