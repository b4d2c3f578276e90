using System.Text.Json;
using System.Text.Json.Nodes;

namespace LexHeller.Testing;

/// <summary>The shared, de-identified fixtures (<c>shared/fixtures/</c>), copied beside the tests.</summary>
public static class Fixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures");

    public static JsonArray Reports() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "reports.sv.json")))!["reports"]!.AsArray();

    public static IReadOnlyList<string> PersonalNumbersToReject() => PersonalNumbers("reject");

    public static IReadOnlyList<string> PersonalNumberLookAlikesToAccept() => PersonalNumbers("accept");

    private static IReadOnlyList<string> PersonalNumbers(string list)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "personal-numbers.json")));
        return [.. document.RootElement.GetProperty(list).EnumerateArray().Select(item => item.GetString()!)];
    }
}
