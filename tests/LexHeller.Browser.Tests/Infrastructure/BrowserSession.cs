using System.Net;

namespace LexHeller.Browser.Tests.Infrastructure;

/// <summary>
/// A browser context and its page for one test. Requests to anything but loopback addresses are refused
/// (and listed in <see cref="BlockedRequests"/>), so a page that needs the internet shows it. When disposed it
/// saves a last full-page screenshot (the state at the end, or where the test failed) unless the test's last
/// one shows the same, and closes the context.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _blockedRequests = [];
    private readonly List<string> _consoleErrors = [];

    private BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
    }

    /// <summary>How long an action or an expectation waits, in milliseconds.</summary>
    public const float Timeout = 15_000;

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Requests the session refused because they left this machine.</summary>
    public IReadOnlyList<string> BlockedRequests
    {
        get
        {
            lock (_blockedRequests)
                return [.. _blockedRequests];
        }
    }

    /// <summary>Errors the page's scripts raised or logged to the console.</summary>
    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_consoleErrors)
                return [.. _consoleErrors];
        }
    }

    internal static async Task<BrowserSession> OpenAsync(IBrowserContext context)
    {
        context.SetDefaultTimeout(Timeout);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(context, page);
        await context.RouteAsync("**/*", session.OnlyLoopbackAsync);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                session.AddConsoleError($"console: {message.Text}");
        };
        page.PageError += (_, error) => session.AddConsoleError($"uncaught: {error}");
        return session;
    }

    /// <summary>Saves a full-page screenshot of the page as the test's next step; see <see cref="Screenshots"/>.</summary>
    public Task<string> ScreenshotAsync(string step) => Page.SaveScreenshotAsync(step);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!Page.IsClosed)
                await Page.SaveFinalScreenshotAsync();
        }
        catch (PlaywrightException)
        {
            // A page that crashed or closed has nothing more to show.
        }

        await Context.CloseAsync();
    }

    private async Task OnlyLoopbackAsync(IRoute route)
    {
        var url = new Uri(route.Request.Url);
        if (url.Scheme is "data" or "blob" or "about" || url.IsLoopback
            || (IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address)))
        {
            await route.FallbackAsync();
            return;
        }

        lock (_blockedRequests)
            _blockedRequests.Add(route.Request.Url);
        await route.AbortAsync("blockedbyclient");
    }

    private void AddConsoleError(string error)
    {
        lock (_consoleErrors)
            _consoleErrors.Add(error);
    }
}
