namespace LexHeller.Api.Tests.Contracts;

public sealed class TelemetryOnSqliteTests : TelemetryContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
