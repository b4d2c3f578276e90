namespace LexHeller.Api.Tests.Architecture.Probe;

// What LayerTests' positive control reads: Target is named only inside an async method's body and a lambda's, never in
// a signature, field or base type, so the reader must look into the types the compiler generates for them.

internal static class Target
{
    public static int Value() => 42;
}

internal static class UsesTargetInAnAsyncBody
{
    public static async Task<int> RunAsync()
    {
        await Task.Yield();
        return Target.Value();
    }
}

internal static class UsesTargetInALambda
{
    public static Func<int> Make() => () => Target.Value();
}

internal static class UsesNothing
{
    public static int Run() => 7;
}
