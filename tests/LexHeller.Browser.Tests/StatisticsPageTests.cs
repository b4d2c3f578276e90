namespace LexHeller.Browser.Tests;

/// <summary>The Statistik page in Chromium: the analyst's way there, a changed filter, charts that load, and axe.</summary>
public sealed class StatisticsPageTests(BrowserFixture browser) : BrowserTests(browser)
{
    [Fact]
    public async Task The_analyst_opens_Statistik_changes_the_filter_and_every_chart_loads()
    {
        await using var analyst = await NewSessionAsync();
        var page = analyst.Page;
        await page.SignInAsDemoAsync(DemoSeed.AnalystEmail);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Huvudmeny" }).GetByRole(AriaRole.Link, new() { Name = "Statistik" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Statistik", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Avvikelser per kategori och månad" })).ToBeVisibleAsync();
        await AssertEveryChartLoadedAsync(page);
        await page.AuditAsync("statistik");

        await page.GetByLabel("Indelning", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Per år" });
        await page.GetByLabel("Från och med", new() { Exact = true }).FillAsync("2025-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Visa statistik" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("intervall=year"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Avvikelser per kategori och år" })).ToBeVisibleAsync();
        await Expect(page.Locator("#scope")).ToContainTextAsync("1 januari 2025");
        await AssertEveryChartLoadedAsync(page);
        Assert.All(await page.Locator("figure.chart img").EvaluateAllAsync<string[]>("images => images.map(image => image.getAttribute('src'))"),
            source => Assert.Contains("fran=2025-01-01", source, StringComparison.Ordinal));
        await page.AuditAsync("statistik-per-ar");
    }

    /// <summary>Four charts, each drawn by the server and decoded by the browser, each with words for those who cannot see it.</summary>
    private static async Task AssertEveryChartLoadedAsync(IPage page)
    {
        var images = page.Locator("figure.chart img");
        await Expect(images).ToHaveCountAsync(4);
        foreach (var image in await images.AllAsync())
        {
            await Expect(image).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await image.EvaluateAsync<int>("image => image.naturalWidth") > 0, $"{await image.GetAttributeAsync("src")} did not load.");
            Assert.False(string.IsNullOrWhiteSpace(await image.GetAttributeAsync("alt")));
        }
    }
}
