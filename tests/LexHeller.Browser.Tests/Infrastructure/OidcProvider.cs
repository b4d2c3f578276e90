using System.Globalization;

namespace LexHeller.Browser.Tests.Infrastructure;

/// <summary>
/// A real OpenID Connect provider on 127.0.0.1: npm's oidc-provider, run by node from <c>oidc-provider/</c>.
/// It knows one confidential client (<see cref="ClientId"/>, <see cref="ClientSecret"/>) whose redirect URIs are
/// the app's <c>/signin-oidc</c> and <c>/signout-callback-oidc</c>; the login name typed on its sign-in page is the
/// account (sub and email), with the demo roles in the <c>role</c> claim (scope <c>roles</c>).
/// The port is chosen when it is created, so the app can be configured with <see cref="Authority"/> before
/// either of them starts. One of several providers side by side has a <see cref="Name"/>: its redirect URIs are then
/// the app's <c>/signin-oidc-{name}</c> and <c>/signout-callback-oidc-{name}</c>.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "lexheller";
    public const string ClientSecret = "lexheller-test-secret";

    public const string Triager = "triager@demo.lexheller.example";
    public const string Responder = "responder.fk@demo.lexheller.example";
    public const string Reporter = "reporter@demo.lexheller.example";
    public const string Admin = "admin@demo.lexheller.example";

    private NodeProcess? _process;

    public OidcProvider(string? name = null)
    {
        Name = name;
        Port = NodeProcess.FreeLoopbackPort();
    }

    /// <summary>The provider's name among several (<c>Authentication:OpenIdConnect:Providers:{name}</c>), or null for the one of <c>Authentication:OpenIdConnect</c>.</summary>
    public string? Name { get; }

    public static string ProviderDirectory => Repository.PathOf("tests", "LexHeller.Browser.Tests", "oidc-provider");

    public int Port { get; }

    /// <summary>The issuer, <c>http://127.0.0.1:PORT</c> (no trailing slash): the app's OpenID Connect authority.</summary>
    public string Authority => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Why the provider cannot run on this machine, or null when it can.</summary>
    public static string? Unavailable() => NodeProcess.Unavailable(ProviderDirectory, "oidc-provider", "the test OpenID Connect provider");

    /// <summary>Starts the provider for an app served at <paramref name="appBaseUrl"/> (its redirect URIs are under it).</summary>
    public async Task StartAsync(Uri appBaseUrl)
    {
        if (_process is not null)
            throw new InvalidOperationException("The provider is running already.");

        _process = await NodeProcess.StartAsync(Path.Combine(ProviderDirectory, "provider.mjs"),
            [Port.ToString(CultureInfo.InvariantCulture), appBaseUrl.ToString(), .. Name is null ? Array.Empty<string>() : [Name]], $"listening {Port}");
    }

    /// <summary>
    /// Fills and submits the provider's sign-in page, which the page must be on or on its way to, as
    /// <paramref name="account"/> (any password). Consent is granted by itself, so the browser then goes back
    /// to the app.
    /// </summary>
    public async Task SignInAsync(IPage page, string account)
    {
        // The provider's field is waited for, not the page's load event, which a busy machine can hold past the
        // time limit. (WaitForURL with Commit hangs when the page is on the address already: it then waits for a
        // 'commit' load state that is never reported, which failed a CI run once.)
        await page.Locator("input[name=login]").WaitForAsync();
        Assert.StartsWith($"{Authority}/interaction/", page.Url, StringComparison.Ordinal);
        await page.Locator("input[name=login]").FillAsync(account);
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.Locator("button[type=submit]").ClickAsync();
    }

    /// <summary>What the provider printed so far, for a failing test's message.</summary>
    public string Output() => _process?.Output() ?? "";

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
            await _process.DisposeAsync();
        _process = null;
    }
}
