using LexHeller.Api.Features.SignIn;
using LexHeller.Api.Web.Pages.Account;
using Microsoft.Extensions.Logging;

namespace LexHeller.Api.Tests.SignIn;

/// <summary>
/// E-mail sign-in with a one-time link, through the pages over HTTP: the form's one answer, the mail (to the
/// pickup directory), the link's single use and its lifetime on the service's clock, the limits, the switch.
/// </summary>
public sealed class EmailSignInTests
{
    private const string Registered = DemoSeed.ResponderFkEmail;
    private const string Unregistered = "okand.person@kommun.example";
    private const string Refused = "Länken går inte att använda";

    [Fact]
    public async Task A_registered_address_gets_a_link_whose_page_changes_nothing_and_whose_button_signs_in_once()
    {
        await using var factory = new LexHellerApiFactory();
        var asker = factory.CreatePageClient();

        var answer = await AskForLinkAsync(asker, Registered);
        Assert.Equal(SignInModel.LinkSentPath, answer);
        Assert.Contains("Om adressen finns registrerad hos oss har vi skickat en länk", await asker.GetPageAsync(answer), StringComparison.Ordinal);
        var mail = Assert.Single(await SignInMail.WaitForAsync(factory, Registered));
        Assert.Contains("gäller i 15 minuter", mail.TextBody, StringComparison.Ordinal);
        var link = SignInMail.LinkPath(mail);

        // A mail scanner following the link reads the page; the link still works afterwards.
        var scanner = factory.CreatePageClient();
        Assert.Contains(">Logga in</button>", await scanner.GetPageAsync(link), StringComparison.Ordinal);
        Assert.Contains(">Logga in</button>", await scanner.GetPageAsync(link), StringComparison.Ordinal);

        var user = factory.CreatePageClient();
        using (var signIn = await user.PostFormAsync(link, []))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal(LandingModel.Path, signIn.Headers.Location?.OriginalString);
        }

        Assert.Contains($"Inloggad som <strong>{Registered}</strong>", await user.GetPageAsync("/"), StringComparison.Ordinal);

        // The second use, by anyone, is refused with the Swedish page and signs no one in.
        var second = factory.CreatePageClient();
        using var again = await second.PostAsync(link, new FormUrlEncodedContent([new("__RequestVerificationToken", await second.AntiforgeryTokenAsync("/kvitto"))]));
        var page = await again.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(Refused, page, StringComparison.Ordinal);
        Assert.Contains("href=\"/logga-in#e-post\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Inloggad som", await second.GetPageAsync("/"), StringComparison.Ordinal);
        Assert.Contains(Refused, await scanner.GetPageAsync(link), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_holds_for_its_lifetime_on_the_service_clock_and_is_refused_after_it()
    {
        await using var factory = new LexHellerApiFactory();
        var client = factory.CreatePageClient();

        await AskForLinkAsync(client, Registered);
        var first = SignInMail.LinkPath((await SignInMail.WaitForAsync(factory, Registered)).Single());
        factory.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        Assert.Contains(Refused, await client.GetPageAsync(first), StringComparison.Ordinal);
        using (var late = await client.PostAsync(first, new FormUrlEncodedContent([new("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/kvitto"))])))
        {
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);
            Assert.Contains(Refused, await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await AskForLinkAsync(client, Registered);
        var mails = await SignInMail.WaitForAsync(factory, Registered, count: 2);
        var second = mails.Select(SignInMail.LinkPath).Single(path => path != first);
        factory.Clock.Advance(TimeSpan.FromMinutes(14) + TimeSpan.FromSeconds(59));
        using var inTime = await client.PostFormAsync(second, []);
        Assert.Equal(HttpStatusCode.Redirect, inTime.StatusCode);
    }

    [Fact]
    public async Task The_lifetime_is_configurable()
    {
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?> { ["Authentication:EmailSignIn:LinkLifetime"] = "00:05:00" });
        var client = factory.CreatePageClient();

        await AskForLinkAsync(client, Registered);
        var mail = (await SignInMail.WaitForAsync(factory, Registered)).Single();
        Assert.Contains("gäller i 5 minuter", mail.TextBody, StringComparison.Ordinal);
        factory.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Contains(Refused, await client.GetPageAsync(SignInMail.LinkPath(mail)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unregistered_address_gets_the_same_answer_no_mail_and_no_link_and_no_address_is_logged()
    {
        using var logs = new LogCapture();
        await using var factory = new LexHellerApiFactory(
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" },
            services: services => services.AddSingleton<ILoggerProvider>(logs));
        var client = factory.CreatePageClient();

        Assert.Equal(SignInModel.LinkSentPath, await AskForLinkAsync(client, Unregistered));
        // Requests are handled in turn: once a later one's mail is there, the unregistered one has been looked up.
        Assert.Equal(SignInModel.LinkSentPath, await AskForLinkAsync(client, Registered));
        await SignInMail.WaitForAsync(factory, Registered);

        Assert.Empty(SignInMail.To(factory, Unregistered));
        Assert.Equal([Registered], await factory.QueryAsync<string>("SELECT email FROM sign_in_links"));
        Assert.DoesNotContain(logs.Lines, line => line.Message.Contains(Unregistered, StringComparison.OrdinalIgnoreCase)
            || line.Message.Contains(Registered, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(logs.Lines, line => line.Category == typeof(EmailSignInMailer).FullName && line.Message.Contains("not registered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_table_keeps_only_the_SHA_256_of_a_link()
    {
        await using var factory = new LexHellerApiFactory();
        await AskForLinkAsync(factory.CreatePageClient(), Registered);
        var token = SignInMail.LinkPath((await SignInMail.WaitForAsync(factory, Registered)).Single()).Split('/')[^1];

        Assert.Equal(43, token.Length);
        var hashes = await factory.QueryAsync<string>("SELECT token_hash FROM sign_in_links");
        Assert.Equal([SignInLinks.Hash(token)], hashes);
        Assert.NotEqual(token, hashes.Single());
    }

    [Fact]
    public async Task A_configured_installation_administrator_gets_a_link()
    {
        const string Installer = "drift@forbundet.example";
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?> { ["Administration:InstallationAdministrators:0"] = Installer });

        await AskForLinkAsync(factory.CreatePageClient(), "Drift@Forbundet.example");

        Assert.Single(await SignInMail.WaitForAsync(factory, Installer));
    }

    [Fact]
    public async Task Past_the_limit_per_address_the_answer_is_the_same_and_nothing_more_is_sent()
    {
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?>
        {
            ["RateLimiting:EmailSignIn:PerAddress:PermitLimit"] = "2",
            ["RateLimiting:EmailSignIn:PerAddress:Window"] = "01:00:00",
        });
        var client = factory.CreatePageClient();

        for (var i = 0; i < 3; i++)
            Assert.Equal(SignInModel.LinkSentPath, await AskForLinkAsync(client, Registered));
        // Another address is not limited by the first one's count, and is handled after the requests before it.
        Assert.Equal(SignInModel.LinkSentPath, await AskForLinkAsync(client, DemoSeed.ResponderAfEmail));
        await SignInMail.WaitForAsync(factory, DemoSeed.ResponderAfEmail);

        Assert.Equal(2, SignInMail.To(factory, Registered).Count);
    }

    [Fact]
    public async Task Past_the_limit_per_client_address_the_answer_is_the_same_and_nothing_is_sent()
    {
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?>
        {
            ["RateLimiting:EmailSignIn:PerClientAddress:PermitLimit"] = "2",
            ["RateLimiting:EmailSignIn:PerClientAddress:Window"] = "01:00:00",
        });
        var client = factory.CreatePageClient();

        Assert.Equal(SignInModel.LinkSentPath, await AskForLinkAsync(client, DemoSeed.ResponderAfEmail));
        Assert.Equal(SignInModel.LinkSentPath, await AskForLinkAsync(client, DemoSeed.ResponderRegionEmail));
        Assert.Equal(SignInModel.LinkSentPath, await AskForLinkAsync(client, Registered));
        await SignInMail.WaitForAsync(factory, DemoSeed.ResponderRegionEmail);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Empty(SignInMail.To(factory, Registered));
        Assert.Equal(2, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM sign_in_links"));
    }

    [Fact]
    public async Task An_address_that_is_not_one_is_told_so_next_to_the_field_and_nothing_is_sent()
    {
        await using var factory = new LexHellerApiFactory();
        var client = factory.CreatePageClient();

        using var response = await client.PostFormAsync("/logga-in", [new("Email", "inte en adress")], "/logga-in?handler=email");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Skriv en e-postadress, till exempel namn@kommun.se."], PageForms.ErrorSummary(page));
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switched_off_the_form_is_not_offered_and_neither_the_form_nor_a_link_answers()
    {
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?> { ["Authentication:EmailSignIn:Enabled"] = "false" });
        var client = factory.CreatePageClient();

        Assert.DoesNotContain("Skicka inloggningslänk", await client.GetPageAsync("/logga-in"), StringComparison.Ordinal);
        var token = await client.AntiforgeryTokenAsync("/kvitto");
        using var ask = await client.PostAsync("/logga-in?handler=email",
            new FormUrlEncodedContent([new("Email", Registered), new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, ask.StatusCode);
        using var link = await client.GetAsync("/logga-in/lank/" + new string('a', 43));
        Assert.Equal(HttpStatusCode.NotFound, link.StatusCode);
    }

    /// <summary>Posts the e-mail form as a browser does and returns where the answer redirects.</summary>
    private static async Task<string> AskForLinkAsync(HttpClient client, string email)
    {
        using var response = await client.PostFormAsync("/logga-in", [new("Email", email)], "/logga-in?handler=email");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location?.OriginalString ?? "(no redirect)";
    }
}
