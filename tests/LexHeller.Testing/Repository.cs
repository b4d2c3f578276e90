namespace LexHeller.Testing;

/// <summary>Paths in the source tree, found by walking up from the test binaries to LexHeller.sln.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LexHeller.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"LexHeller.sln not found above {AppContext.BaseDirectory}.");
    }
}
