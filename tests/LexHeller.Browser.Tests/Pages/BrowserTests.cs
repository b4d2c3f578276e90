
namespace LexHeller.Browser.Tests.Pages;

/// <summary>A test class of pages in Chromium: the app of its own on a real SQLite database, served on Kestrel when first asked.</summary>
public abstract class BrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    protected LexHellerApiFactory Factory { get; } = new();

    /// <summary>A new browser session (its own cookies) on the test's app.</summary>
    protected Task<BrowserSession> NewSessionAsync(bool javaScriptEnabled = true) =>
        browser.NewSessionAsync(Factory.StartKestrel(), javaScriptEnabled);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Factory.DisposeAsync();
    }
}
