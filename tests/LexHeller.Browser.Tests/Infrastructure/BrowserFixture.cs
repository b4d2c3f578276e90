
[assembly: AssemblyFixture(typeof(LexHeller.Browser.Tests.Infrastructure.BrowserFixture))]

namespace LexHeller.Browser.Tests.Infrastructure;

/// <summary>
/// One Playwright driver and one headless Chromium for the whole test assembly. Chromium is the executable
/// <c>LEXHELLER_CHROMIUM</c> names, else Debian's (<c>/usr/bin/chromium</c>) when installed, else Playwright's own,
/// installed with <c>pwsh bin/Debug/net10.0/playwright.ps1 install chromium</c> (also chosen by
/// <c>LEXHELLER_CHROMIUM=playwright</c>); Playwright never downloads one by itself. Where none can be
/// launched, every browser test skips and says why, unless <c>LEXHELLER_REQUIRE_BROWSER=true</c> (CI), where
/// the run fails instead.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DebianChromium = "/usr/bin/chromium";

    private readonly string? _executablePath;
    private readonly bool _required;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserFixture()
        : this(ChromiumExecutable(), Required)
    {
    }

    internal BrowserFixture(string? executablePath, bool required)
    {
        _executablePath = executablePath;
        _required = required;
    }

    /// <summary>True when a browser that cannot start fails the tests rather than skipping them.</summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("LEXHELLER_REQUIRE_BROWSER"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why no browser tests can run here, or null when Chromium is up.</summary>
    public string? UnavailableReason { get; private set; }

    /// <summary>The Chromium to launch: <c>LEXHELLER_CHROMIUM</c>, else Debian's when installed; null for Playwright's own.</summary>
    public static string? ChromiumExecutable() => Environment.GetEnvironmentVariable("LEXHELLER_CHROMIUM") switch
    {
        "playwright" => null,
        { Length: > 0 } configured => configured,
        _ => File.Exists(DebianChromium) ? DebianChromium : null,
    };

    public async ValueTask InitializeAsync()
    {
        // Expect(…) waits as long as any other action: the machines have two cores and run test projects side by side.
        Assertions.SetDefaultExpectTimeout(BrowserSession.Timeout);
        try
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = _executablePath,
                Headless = true,
                // The tests run as root, where Chromium's sandbox cannot start.
                Args = ["--no-sandbox"],
            });
        }
        catch (Exception exception) when (!_required)
        {
            UnavailableReason = $"Chromium could not be launched ({_executablePath ?? "Playwright's own Chromium"}): "
                + $"{exception.GetType().Name}: {FirstLines(exception.Message).TrimEnd('.')}. "
                + "Install Debian's chromium (apt-get install chromium) or set LEXHELLER_CHROMIUM to a Chromium executable.";
        }
    }

    /// <summary>
    /// A new browser context (its own cookies and storage) and page: relative URLs resolve against
    /// <paramref name="baseUrl"/>, the locale is sv-SE and the time zone Europe/Stockholm. Skips the test
    /// when there is no browser. With <paramref name="bypassContentSecurityPolicy"/> the page's CSP is not
    /// enforced: for a test that must see what the markup alone does, the way a browser without CSP would.
    /// </summary>
    public async Task<BrowserSession> NewSessionAsync(Uri? baseUrl = null, bool javaScriptEnabled = true, bool bypassContentSecurityPolicy = false)
    {
        if (_browser is null || UnavailableReason is not null)
            Assert.Skip(UnavailableReason ?? "Chromium is not available.");

        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl?.ToString(),
            Locale = "sv-SE",
            TimezoneId = "Europe/Stockholm",
            JavaScriptEnabled = javaScriptEnabled,
            BypassCSP = bypassContentSecurityPolicy,
        });
        return await BrowserSession.OpenAsync(context);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    private static string FirstLines(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('╔') && !line.StartsWith('╚') && !line.StartsWith('║'))
            .Take(3));
}
