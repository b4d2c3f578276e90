using System.Text.Json;

namespace LexHeller.Testing;

/// <summary>The shared, de-identified fixtures (<c>shared/fixtures/</c>), copied beside the tests.</summary>
public static class Fixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures");

    public static JsonArray Reports() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "reports.sv.json")))!["reports"]!.AsArray();

    public static IReadOnlyList<string> PersonalNumbersToReject() => PersonalNumbers("reject");

    public static IReadOnlyList<string> PersonalNumberLookAlikesToAccept() => PersonalNumbers("accept");

    /// <summary>Every spelling of a valid personal or coordination number the guard must refuse (<c>personal-number-spellings.json</c>).</summary>
    public static IReadOnlyList<PersonalNumberSample> PersonalNumberSpellings() => Samples("spellings", "spelling");

    /// <summary>Phone, case, organisation, card numbers, dates, amounts… that the guard must let through.</summary>
    public static IReadOnlyList<PersonalNumberSample> PersonalNumberLookAlikes() => Samples("lookAlikes", "what");

    /// <summary>What the guard deliberately does not catch (docs/security.md): these pass.</summary>
    public static IReadOnlyList<PersonalNumberSample> PersonalNumberBlindSpots() => Samples("notCaught", "why");

    private static IReadOnlyList<PersonalNumberSample> Samples(string list, string label)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "personal-number-spellings.json")));
        return [.. document.RootElement.GetProperty(list).EnumerateArray()
            .Select(item => new PersonalNumberSample(item.GetProperty("text").GetString()!, item.GetProperty(label).GetString()!))];
    }

    private static IReadOnlyList<string> PersonalNumbers(string list)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "personal-numbers.json")));
        return [.. document.RootElement.GetProperty(list).EnumerateArray().Select(item => item.GetString()!)];
    }
}

/// <summary>A sample text for the personal-number guard and what it shows (the spelling, the look-alike, the blind spot).</summary>
public sealed record PersonalNumberSample(string Text, string Label)
{
    /// <summary>The label, for test output: the text may hold invisible characters.</summary>
    public override string ToString() => Label;
}
