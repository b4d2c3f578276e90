
namespace LexHeller.Browser.Tests;

/// <summary>
/// Sign-in with the organisation's identity provider for real: npm's oidc-provider on loopback, the app's
/// OpenID Connect handler (code flow with PKCE), Chromium in between. Roles come from the provider's claims.
/// </summary>
public sealed class OpenIdConnectSignInTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly OidcProvider _provider = new();
    private LexHellerApiFactory _factory = null!;
    private Uri _app = null!;

    public async ValueTask InitializeAsync()
    {
        if (OidcProvider.Unavailable() is { } reason)
            Assert.Skip(reason);

        _factory = new LexHellerApiFactory(settings: new Dictionary<string, string?>
        {
            ["Authentication:OpenIdConnect:Authority"] = _provider.Authority,
            ["Authentication:OpenIdConnect:ClientId"] = OidcProvider.ClientId,
            ["Authentication:OpenIdConnect:ClientSecret"] = OidcProvider.ClientSecret,
            ["Authentication:OpenIdConnect:Scopes:0"] = "roles",
            ["Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
            ["Authentication:OpenIdConnect:DisplayName"] = "Logga in med Höglandets konto",
        });
        _app = _factory.StartKestrel();
        await _provider.StartAsync(_app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_triager_signs_in_at_the_identity_provider_and_comes_back_to_the_queues_with_the_role_it_sent()
    {
        await using var session = await browser.NewSessionAsync(_app);
        var page = session.Page;

        await page.GotoAsync("/triage");
        await Expect(page).ToHaveURLAsync(new Uri(_app, "/logga-in?ReturnUrl=%2Ftriage").ToString());
        await page.AuditAsync("logga-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in med Höglandets konto" }).ClickAsync();
        await _provider.SignInAsync(page, OidcProvider.Triager);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Styrgruppens köer" })).ToBeVisibleAsync();
        Assert.Equal(new Uri(_app, "/triage").ToString(), page.Url);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Beredningsgruppen Höglandet" })).ToBeVisibleAsync();
        await page.AuditAsync("inloggad");
    }

    [Fact]
    public async Task A_responder_signed_in_by_the_provider_reaches_the_party_inbox_but_not_the_queues()
    {
        await using var session = await browser.NewSessionAsync(_app);
        var page = session.Page;

        await page.GotoAsync("/part");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in med Höglandets konto" }).ClickAsync();
        await _provider.SignInAsync(page, OidcProvider.Responder);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Frågor till min part" })).ToBeVisibleAsync();
        await page.GotoAsync("/triage");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Du har inte behörighet till sidan");

        await page.GetByRole(AriaRole.Button, new() { Name = "Logga ut" }).ClickAsync();
        await page.GotoAsync("/part");
        await Expect(page).ToHaveURLAsync(new Uri(_app, "/logga-in?ReturnUrl=%2Fpart").ToString());
    }

    [Fact]
    public async Task Signed_in_from_the_sign_in_page_itself_the_administrator_lands_on_the_administration()
    {
        await using var session = await browser.NewSessionAsync(_app);
        var page = session.Page;

        await page.GotoAsync("/logga-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logga in med Höglandets konto" }).ClickAsync();
        await _provider.SignInAsync(page, OidcProvider.Admin);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Administration");
        Assert.Equal(new Uri(_app, "/admin").ToString(), page.Url);
    }

    [Fact]
    public async Task Without_a_provider_configured_the_sign_in_page_offers_no_provider_button()
    {
        await using var factory = new LexHellerApiFactory();
        await using var session = await browser.NewSessionAsync(factory.StartKestrel());
        var page = session.Page;

        await page.GotoAsync("/logga-in");

        await Expect(page.GetByText("Inloggning med din organisations konto är inte inställd")).ToBeVisibleAsync();
        await Expect(page.Locator("button[name=provider]")).ToHaveCountAsync(0);
        await page.SaveScreenshotAsync("utan-idp");
    }
}
