
namespace LexHeller.Browser.Tests.Support;

/// <summary>A test class of pages in Chromium: the app of its own on a real SQLite database, served on Kestrel when first asked.</summary>
public abstract class BrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    protected LexHellerApiFactory Factory { get; } = new();

    /// <summary>A new browser session (its own cookies) on the test's app; see <see cref="BrowserFixture.NewSessionAsync"/>.</summary>
    protected Task<BrowserSession> NewSessionAsync(bool javaScriptEnabled = true, bool bypassContentSecurityPolicy = false) =>
        browser.NewSessionAsync(Factory.StartKestrel(), javaScriptEnabled, bypassContentSecurityPolicy);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Factory.DisposeAsync();
    }
}
