using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LexHeller.Browser.Tests.Infrastructure;

/// <summary>
/// Full-page PNGs kept as build artifacts in <c>artifacts/screenshots/</c> at the repository root, named after
/// the test and a numbered step: <c>JourneyTests.Report_and_triage-01-anmalan.png</c>. The folder
/// is emptied once per run, on the first screenshot.
/// </summary>
public static class Screenshots
{
    private const int MaxTestNameLength = 150;

    private static readonly ConcurrentDictionary<string, Shots> ShotsByTest = new();
    private static readonly Lazy<string> LazyFolder = new(() =>
    {
        var folder = Repository.PathOf("artifacts", "screenshots");
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    });

    /// <summary><c>artifacts/screenshots/</c> at the repository root.</summary>
    public static string Folder => LazyFolder.Value;

    /// <summary>Saves a full-page screenshot as the current test's next step and returns its path.</summary>
    public static async Task<string> SaveScreenshotAsync(this IPage page, string step) =>
        (await SaveAsync(page, step, unlessUnchanged: false))!;

    /// <summary>
    /// Saves a last screenshot, unless the page looks exactly as in the test's previous one: the state the
    /// test ended in, or failed in. Returns its path, or null when nothing was saved.
    /// </summary>
    public static Task<string?> SaveFinalScreenshotAsync(this IPage page) => SaveAsync(page, "end", unlessUnchanged: true);

    private static async Task<string?> SaveAsync(IPage page, string step, bool unlessUnchanged)
    {
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        var hash = Convert.ToHexString(SHA256.HashData(png));
        var test = CurrentTest();
        var previous = ShotsByTest.GetValueOrDefault(test.Id);
        if (unlessUnchanged && previous.LastHash == hash)
            return null;

        var shots = ShotsByTest.AddOrUpdate(test.Id, new Shots(1, hash), (_, current) => new Shots(current.Count + 1, hash));
        var path = Path.Combine(Folder, FileName(test.Name, shots.Count, step));
        await File.WriteAllBytesAsync(path, png);
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
        return path;
    }

    /// <summary>The file name of a test's step: <c>Class.Method-NN-step.png</c>.</summary>
    public static string FileName(string test, int number, string step)
    {
        var name = Safe(test);
        if (name.Length > MaxTestNameLength)
            name = name[..MaxTestNameLength];
        return $"{name}-{number.ToString("00", CultureInfo.InvariantCulture)}-{Safe(step)}.png";
    }

    private static (string Id, string Name) CurrentTest()
    {
        var testCase = TestContext.Current.TestCase;
        var name = testCase is null
            ? "NoTest"
            : $"{testCase.TestClassSimpleName}.{testCase.TestMethodName}{Arguments(testCase.TestCaseDisplayName)}";
        return (TestContext.Current.Test?.UniqueID ?? name, name);
    }

    // A theory's data, "(a, b)", so that each row's screenshots have names of their own.
    private static string Arguments(string displayName) =>
        displayName.IndexOf('(', StringComparison.Ordinal) is var start and >= 0 ? displayName[start..] : "";

    private static string Safe(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var character in text)
        {
            var keep = char.IsLetterOrDigit(character) || character is '.' or '_' or '-';
            if (keep)
                safe.Append(character);
            else if (safe.Length > 0 && safe[^1] != '-')
                safe.Append('-');
        }

        return safe.ToString().Trim('-');
    }

    private readonly record struct Shots(int Count, string? LastHash);
}
