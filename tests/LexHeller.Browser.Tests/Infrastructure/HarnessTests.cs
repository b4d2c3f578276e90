using System.Net;
using Xunit.Sdk;

namespace LexHeller.Browser.Tests.Infrastructure;

/// <summary>The harness itself: the app on a real port, and what happens without a browser.</summary>
public sealed class HarnessTests
{
    [Fact]
    public async Task Kestrel_serves_the_app_on_a_free_loopback_port()
    {
        await using var factory = new LexHellerApiFactory();

        var baseAddress = factory.StartKestrel();

        Assert.Equal("http", baseAddress.Scheme);
        Assert.Equal("127.0.0.1", baseAddress.Host);
        Assert.NotEqual(0, baseAddress.Port);
        Assert.Equal(baseAddress, factory.StartKestrel());
        Assert.Equal(baseAddress, factory.BaseAddress);
        using var outsider = new HttpClient { BaseAddress = baseAddress };
        using var response = await outsider.GetAsync(new Uri("health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var client = factory.CreateClient();
        Assert.Equal(baseAddress, client.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("health/live", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task An_app_in_memory_has_no_base_address()
    {
        await using var factory = new LexHellerApiFactory();

        Assert.Throws<InvalidOperationException>(() => factory.BaseAddress);
    }

    [Fact]
    public async Task Without_Chromium_a_browser_test_is_skipped_with_the_reason()
    {
        await using var fixture = new BrowserFixture("/nonexistent/chromium", required: false);
        await fixture.InitializeAsync();

        Assert.Contains("/nonexistent/chromium", fixture.UnavailableReason, StringComparison.Ordinal);
        // Assert.ThrowsAsync would let a skip through and skip this test too: the exception is caught by hand.
        Exception? skip = null;
        try
        {
            await fixture.NewSessionAsync();
        }
        catch (SkipException exception)
        {
            skip = exception;
        }

        Assert.NotNull(skip);
        Assert.Equal("$XunitDynamicSkip$" + fixture.UnavailableReason, skip.Message);
    }

    [Fact]
    public async Task Without_Chromium_a_required_browser_fails_instead()
    {
        await using var fixture = new BrowserFixture("/nonexistent/chromium", required: true);

        await Assert.ThrowsAsync<PlaywrightException>(async () => await fixture.InitializeAsync());
    }
}
