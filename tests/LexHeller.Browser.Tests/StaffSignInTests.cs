using System.Globalization;
using System.Text;
using LexHeller.Api.Tests.Notifications;
using MimeKit;

namespace LexHeller.Browser.Tests;

/// <summary>
/// Sign-in for the parties' staff, for real: two OpenID Connect providers side by side (npm's oidc-provider twice, on
/// two ports, one per organisation), and the e-mail sign-in whose link comes through a real SMTP server (npm's
/// smtp-server). Chromium in between.
/// </summary>
public sealed class StaffSignInTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string ForsakringskassanButton = "Logga in med Försäkringskassans konto";
    private const string KommunButton = "Logga in med Nässjö kommuns konto";
    private const string KommunUser = "handlaggare@nassjo.example";
    private const string Answer = "Om adressen finns registrerad hos oss har vi skickat en länk till den.";

    private readonly OidcProvider _forsakringskassan = new("fk");
    private readonly OidcProvider _kommun = new("nassjo-kommun");
    private readonly SmtpSink _sink = new();
    private LexHellerApiFactory _factory = null!;
    private Uri _app = null!;

    public async ValueTask InitializeAsync()
    {
        if ((OidcProvider.Unavailable() ?? SmtpSink.Unavailable()) is { } reason)
            Assert.Skip(reason);

        await _sink.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = _sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications:Smtp:UseStartTls"] = "false",
            ["RateLimiting:EmailSignIn:PerAddress:PermitLimit"] = "3",
            ["RateLimiting:EmailSignIn:PerAddress:Window"] = "01:00:00",
        };
        foreach (var (provider, displayName) in new[] { (_forsakringskassan, ForsakringskassanButton), (_kommun, KommunButton) })
        {
            var key = $"Authentication:OpenIdConnect:Providers:{provider.Name}";
            settings[$"{key}:Authority"] = provider.Authority;
            settings[$"{key}:ClientId"] = OidcProvider.ClientId;
            settings[$"{key}:ClientSecret"] = OidcProvider.ClientSecret;
            settings[$"{key}:Scopes:0"] = "roles";
            settings[$"{key}:RequireHttpsMetadata"] = "false";
            settings[$"{key}:DisplayName"] = displayName;
        }

        _factory = new LexHellerApiFactory(settings: settings);
        _app = _factory.StartKestrel();
        await _forsakringskassan.StartAsync(_app);
        await _kommun.StartAsync(_app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        await _forsakringskassan.DisposeAsync();
        await _kommun.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task The_sign_in_page_offers_each_provider_and_each_signs_in_its_own_user()
    {
        await using (var session = await browser.NewSessionAsync(_app))
        {
            var page = session.Page;
            await page.GotoAsync("/part");
            await Expect(page).ToHaveURLAsync(new Uri(_app, "/logga-in?ReturnUrl=%2Fpart").ToString());
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = ForsakringskassanButton })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = KommunButton })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Skicka inloggningslänk" })).ToBeVisibleAsync();
            await page.AuditAsync("logga-in-tva-leverantorer");

            await page.GetByRole(AriaRole.Button, new() { Name = ForsakringskassanButton }).ClickAsync();
            await _forsakringskassan.SignInAsync(page, OidcProvider.Responder);

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Frågor till min part" })).ToBeVisibleAsync();
            Assert.Equal(new Uri(_app, "/part").ToString(), page.Url);
            await Expect(page.Locator(".account strong")).ToHaveTextAsync("responder.fk");
        }

        await using (var session = await browser.NewSessionAsync(_app))
        {
            var page = session.Page;
            await page.GotoAsync("/logga-in");
            await page.GetByRole(AriaRole.Button, new() { Name = KommunButton }).ClickAsync();
            await _kommun.SignInAsync(page, KommunUser);

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lex Heller", Level = 1 })).ToBeVisibleAsync();
            Assert.Equal(new Uri(_app, "/").ToString(), page.Url);
            await Expect(page.Locator(".account strong")).ToHaveTextAsync("handlaggare");
        }
    }

    [Fact]
    public async Task A_registered_address_signs_in_once_with_the_mailed_link_and_no_one_learns_which_addresses_are_registered()
    {
        // A registered address: the same answer page, a mail through the SMTP server, a link that signs in once.
        await using var user = await browser.NewSessionAsync(_app);
        var registeredAnswer = await AskForLinkAsync(user.Page, DemoSeed.ResponderFkEmail);
        await user.Page.AuditAsync("lank-skickad");
        var link = LinkIn(await MailsToAsync(DemoSeed.ResponderFkEmail, 1));
        Assert.StartsWith(_app.ToString(), link, StringComparison.Ordinal);

        // Someone else opens the same link first (a forwarded mail): the page only offers the button.
        await using var other = await browser.NewSessionAsync(_app);
        await other.Page.GotoAsync(link);
        await Expect(other.Page.GetByRole(AriaRole.Button, new() { Name = "Logga in", Exact = true })).ToBeVisibleAsync();

        await user.Page.GotoAsync(link);
        await user.Page.AuditAsync("lank");
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Logga in", Exact = true }).ClickAsync();
        await Expect(user.Page.Locator(".account strong")).ToHaveTextAsync(DemoSeed.ResponderFkEmail);
        // No page was asked for: the responder lands on the party's page, as after the organisations' sign-in.
        Assert.Equal(new Uri(_app, "/part").ToString(), user.Page.Url);

        // The second use is refused, with a way to ask for a new link.
        await other.Page.GetByRole(AriaRole.Button, new() { Name = "Logga in", Exact = true }).ClickAsync();
        await Expect(other.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Länken går inte att använda");
        await other.Page.AuditAsync("lank-anvand");
        await Expect(other.Page.Locator(".account")).Not.ToContainTextAsync("Inloggad som");
        await other.Page.GetByRole(AriaRole.Link, new() { Name = "Be om en ny länk" }).ClickAsync();
        await Expect(other.Page.GetByLabel("E-postadress")).ToBeVisibleAsync();

        // An unregistered address gets the very same page, and no mail (requests are handled in turn: once a later
        // request's mail has come, the unregistered one has been looked up).
        await using var stranger = await browser.NewSessionAsync(_app);
        Assert.Equal(registeredAnswer, await AskForLinkAsync(stranger.Page, "okand.person@kommun.example"));
        await AskForLinkAsync(stranger.Page, DemoSeed.ResponderAfEmail);
        await MailsToAsync(DemoSeed.ResponderAfEmail, 1);
        Assert.DoesNotContain(_sink.Received(), message => message.Recipients.Contains("okand.person@kommun.example"));

        // Past the limit per address (three here), the same page again, and nothing more is sent.
        for (var i = 0; i < 4; i++)
            Assert.Equal(registeredAnswer, await AskForLinkAsync(stranger.Page, DemoSeed.ResponderRegionEmail));
        await AskForLinkAsync(stranger.Page, DemoSeed.AnalystEmail);
        await MailsToAsync(DemoSeed.AnalystEmail, 1);
        Assert.Equal(3, _sink.Received().Count(message => message.Recipients.Contains(DemoSeed.ResponderRegionEmail)));
    }

    /// <summary>Asks for a link on /logga-in as a user does; returns the answer page's text.</summary>
    private static async Task<string> AskForLinkAsync(IPage page, string email)
    {
        await page.GotoAsync("/logga-in");
        await page.GetByLabel("E-postadress").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Skicka inloggningslänk" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Titta i din e-post");
        await Expect(page.GetByText(Answer)).ToBeVisibleAsync();
        return await page.Locator("main").InnerTextAsync();
    }

    /// <summary>Waits, in real time, until the SMTP server has accepted <paramref name="count"/> sign-in mails for <paramref name="address"/>.</summary>
    private async Task<IReadOnlyList<MimeMessage>> MailsToAsync(string address, int count)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var mails = _sink.Received().Where(message => message.Recipients.Contains(address)).ToList();
            if (mails.Count >= count)
                return [.. mails.Select(message => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(message.Raw!))))];
            if (started.Elapsed > TimeSpan.FromSeconds(20))
                Assert.Fail($"{mails.Count} mails to {address} came, not {count}.");
            await Task.Delay(100);
        }
    }

    private string LinkIn(IReadOnlyList<MimeMessage> mails)
    {
        var mail = Assert.Single(mails);
        Assert.Equal("Din inloggningslänk till Lex Heller", mail.Subject);
        return new Uri(_app, SignInMail.LinkPath(mail)).ToString();
    }
}
