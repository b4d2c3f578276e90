using Xunit.Sdk;

namespace LexHeller.Browser.Tests.Infrastructure;

/// <summary>The axe helper passes a clean page and names what is wrong on a broken one.</summary>
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private const string CleanPage = """
        <!DOCTYPE html>
        <html lang="sv">
        <head><meta charset="utf-8"><title>Anmälan</title></head>
        <body>
          <main>
            <h1>Anmäl en avvikelse</h1>
            <form>
              <label for="description">Beskrivning</label>
              <textarea id="description" name="description"></textarea>
              <button type="submit">Skicka</button>
            </form>
          </main>
        </body>
        </html>
        """;

    [Fact]
    public async Task A_page_without_violations_passes()
    {
        await using var session = await browser.NewSessionAsync();
        await session.Page.SetContentAsync(CleanPage);
        await session.Page.SaveScreenshotAsync("clean");

        await session.Page.AssertNoAccessibilityViolationsAsync();
    }

    [Fact]
    public async Task Each_violation_is_reported_with_its_rule_impact_and_element()
    {
        await using var session = await browser.NewSessionAsync();
        await session.Page.SetContentAsync(CleanPage
            .Replace("<label for=\"description\">Beskrivning</label>", "", StringComparison.Ordinal)
            .Replace("</h1>", "</h1><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" id=\"logo\">", StringComparison.Ordinal));
        await session.Page.SaveScreenshotAsync("violations");

        var failure = await Assert.ThrowsAsync<FailException>(() => session.Page.AssertNoAccessibilityViolationsAsync());

        Assert.Contains("- image-alt (critical): Images must have alternative text", failure.Message, StringComparison.Ordinal);
        Assert.Contains("at #logo: <img src=", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- label (critical):", failure.Message, StringComparison.Ordinal);
        Assert.Contains("at #description: <textarea", failure.Message, StringComparison.Ordinal);
        Assert.Contains("fix any of:", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_can_be_left_out_by_name()
    {
        await using var session = await browser.NewSessionAsync();
        await session.Page.SetContentAsync(CleanPage.Replace("<h1>Anmäl en avvikelse</h1>", "", StringComparison.Ordinal));
        await session.Page.SaveScreenshotAsync("no-heading");

        await Assert.ThrowsAsync<FailException>(() => session.Page.AssertNoAccessibilityViolationsAsync());
        await session.Page.AssertNoAccessibilityViolationsAsync("page-has-heading-one");
    }
}
