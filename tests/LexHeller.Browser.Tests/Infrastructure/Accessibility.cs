using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace LexHeller.Browser.Tests.Infrastructure;

/// <summary>Accessibility checks with axe-core (Deque.AxeCore.Playwright) against WCAG 2.0 and 2.1, levels A and AA.</summary>
public static class Accessibility
{
    /// <summary>The axe rule tags that are checked: WCAG 2.0 and 2.1 A and AA, and axe's best practices.</summary>
    public static IReadOnlyList<string> Tags { get; } = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

    /// <summary>
    /// Runs axe on the page as it is now and fails with every violation: its rule, impact, help and the
    /// offending elements (selector and HTML), so that it can be fixed from the log.
    /// </summary>
    /// <param name="page">The page, loaded and in the state to check.</param>
    /// <param name="exceptRules">Rule ids not to run, each for a reason given where it is called.</param>
    public static async Task AssertNoAccessibilityViolationsAsync(this IPage page, params string[] exceptRules)
    {
        var options = new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] },
            Rules = exceptRules.ToDictionary(rule => rule, _ => new RuleOptions { Enabled = false }),
            ResultTypes = [ResultType.Violations],
        };
        // RunAxe (axe's runPartial/finishRun) opens a new browser context for every check and takes seconds;
        // the single axe.run in the page takes a tenth of that and checks the same rules on pages without
        // cross-origin frames, which ours do not have.
#pragma warning disable CS0618 // Legacy mode: see above.
        // axe is a script in the page: where scripts are off it would wait for ever, so it gets a time limit.
        var result = await page.RunAxeLegacy(options: options).WaitAsync(TimeSpan.FromSeconds(60));
#pragma warning restore CS0618
        if (result.Violations.Length > 0)
            Assert.Fail(Describe(page.Url, result.Violations));
    }

    /// <summary>The violations as a readable list, one rule after the other with its elements.</summary>
    public static string Describe(string url, IEnumerable<AxeResultItem> violations)
    {
        var items = violations.ToList();
        var text = new StringBuilder($"axe found {items.Count} accessibility violation(s) on {url}:");
        foreach (var violation in items)
        {
            text.AppendLine().Append($"- {violation.Id} ({violation.Impact}): {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                text.AppendLine().Append($"    at {node.Target}: {node.Html}");
                AppendChecks(text, "fix any of", node.Any);
                AppendChecks(text, "fix all of", [.. node.All ?? [], .. node.None ?? []]);
            }
        }

        return text.ToString();
    }

    private static void AppendChecks(StringBuilder text, string heading, AxeResultCheck[]? checks)
    {
        if (checks is { Length: > 0 })
            text.AppendLine().Append($"      {heading}: ").AppendJoin("; ", checks.Select(check => check.Message));
    }
}
