namespace LexHeller.Api.Tests.Infrastructure;

/// <summary>
/// The fixtures live in shared/ beside the repository; the repository keeps copies (for the tests and
/// for the demo seed that ships with the app). The copies must not drift from the originals.
/// </summary>
public sealed class FixtureCopiesTests
{
    [Theory]
    [InlineData("reports.sv.json")]
    [InlineData("personal-numbers.json")]
    public void The_test_fixtures_are_the_shared_fixtures(string name)
    {
        var shared = Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "fixtures", name));
        if (!File.Exists(shared))
            Assert.Skip($"No shared fixtures at {shared} (outside this workplace the committed copy is the original).");

        Assert.Equal(File.ReadAllText(shared), File.ReadAllText(Repository.PathOf("tests", "fixtures", name)));
    }

    [Fact]
    public void The_demo_seed_files_the_fixture_reports() =>
        Assert.Equal(
            File.ReadAllText(Repository.PathOf("tests", "fixtures", "reports.sv.json")),
            File.ReadAllText(Repository.PathOf("src", "LexHeller.Api", "Demo", "reports.sv.json")));
}
