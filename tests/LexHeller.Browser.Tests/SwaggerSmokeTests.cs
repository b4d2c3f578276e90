
namespace LexHeller.Browser.Tests;

/// <summary>The harness end to end: the app on Kestrel, a real Chromium, screenshots. Swagger UI is third-party, so no axe here.</summary>
public sealed class SwaggerSmokeTests(BrowserFixture browser)
{
    [Fact]
    public async Task Swagger_UI_renders_the_API_description_in_Chromium()
    {
        await using var factory = new LexHellerApiFactory();
        await using var session = await browser.NewSessionAsync(factory.StartKestrel());
        var page = session.Page;

        var response = await page.GotoAsync("swagger");

        Assert.Equal(200, response?.Status);
        await Expect(page).ToHaveTitleAsync("Lex Heller API");
        await Expect(page.Locator(".swagger-ui .info .title")).ToContainTextAsync("Lex Heller API");
        await page.SaveScreenshotAsync("swagger");
        Assert.Empty(session.BlockedRequests);
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task Without_JavaScript_Swagger_UI_stays_an_empty_shell()
    {
        await using var factory = new LexHellerApiFactory();
        await using var session = await browser.NewSessionAsync(factory.StartKestrel(), javaScriptEnabled: false);
        var page = session.Page;

        await page.GotoAsync("swagger", new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        await Expect(page).ToHaveTitleAsync("Lex Heller API");
        Assert.Equal(0, await page.Locator(".swagger-ui .info").CountAsync());
        await page.SaveScreenshotAsync("no-javascript");
    }
}
