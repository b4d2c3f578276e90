using LexHeller.Testing;
using LexHeller.Testing.Contracts;

namespace LexHeller.Api.Tests.Triage;

public sealed class LifecycleOnSqliteTests : LifecycleContract
{
    protected override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());
}
