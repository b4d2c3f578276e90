namespace LexHeller.Browser.Tests;

/// <summary>
/// Aviseringar (<c>/triage/installningar</c>) in Chromium: a steering-group member reaches it from the queues, chooses
/// the daily digest and back, on a page checked with axe, and usable at 320 px without scrolling sideways.
/// </summary>
public sealed class NotificationSettingsPageTests(BrowserFixture browser) : BrowserTests(browser)
{
    [Fact]
    public async Task A_member_reaches_Aviseringar_from_the_queues_and_chooses_the_daily_digest_and_back()
    {
        await using var triager = await NewSessionAsync();
        var page = triager.Page;
        await page.SignInAsDemoAsync(DemoSeed.TriagerEmail);
        await page.GotoAsync("/triage");
        await page.GetByRole(AriaRole.Link, new() { Name = "Aviseringar: välj om du vill få e-post direkt eller en sammanfattning om dagen" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aviseringar", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Direkt", new() { Exact = true })).ToBeCheckedAsync();
        await page.AuditAsync("aviseringar");

        await page.GetByLabel("En sammanfattning om dagen", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Du får nu en sammanfattning om dagen, från klockan 7.");
        await Expect(page.GetByLabel("En sammanfattning om dagen", new() { Exact = true })).ToBeCheckedAsync();
        await page.AuditAsync("aviseringar-sammanfattning");

        // At 320 px: nothing wider than the window.
        await page.SetViewportSizeAsync(320, 640);
        await page.ReloadAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "Aviseringar scrolls sideways at 320 px.");
        await page.GetByLabel("Direkt", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Spara" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Du får nu ett e-postmeddelande direkt vid varje händelse.");
        await Expect(page.GetByLabel("Direkt", new() { Exact = true })).ToBeCheckedAsync();
    }
}
