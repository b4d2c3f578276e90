using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace LexHeller.Api.Tests.SignIn;

/// <summary>
/// Identity providers side by side, as configured: the single <c>Authentication:OpenIdConnect</c> keeps its
/// scheme and callback, each of <c>Providers:{name}</c> gets its own, and the sign-in page offers each.
/// (Signing in through them, for real, is the browser's <c>StaffSignInTests</c>.)
/// </summary>
public sealed class OpenIdConnectProvidersTests
{
    [Fact]
    public async Task The_single_provider_keeps_its_scheme_and_callback_and_each_named_provider_gets_its_own_and_its_button()
    {
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?>
        {
            ["Authentication:OpenIdConnect:Authority"] = "https://idp.region.example",
            ["Authentication:OpenIdConnect:ClientId"] = "lexheller",
            ["Authentication:OpenIdConnect:DisplayName"] = "Logga in med Region Jönköpings läns konto",
            ["Authentication:OpenIdConnect:Providers:fk:Authority"] = "https://idp.fk.example",
            ["Authentication:OpenIdConnect:Providers:fk:ClientId"] = "lexheller-fk",
            ["Authentication:OpenIdConnect:Providers:fk:DisplayName"] = "Logga in med Försäkringskassans konto",
            ["Authentication:OpenIdConnect:Providers:nassjo-kommun:Authority"] = "https://idp.nassjo.example",
            ["Authentication:OpenIdConnect:Providers:nassjo-kommun:ClientId"] = "lexheller-nassjo",
            ["Authentication:OpenIdConnect:Providers:nassjo-kommun:RoleClaim"] = "roles",
            ["Authentication:OpenIdConnect:Providers:nassjo-kommun:DisplayName"] = "Logga in med Nässjö kommuns konto",
        });
        var options = factory.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>();
        var schemes = (await factory.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetAllSchemesAsync()).Select(scheme => scheme.Name).ToList();

        Assert.Contains("OpenIdConnect", schemes);
        Assert.Contains("OpenIdConnect-fk", schemes);
        Assert.Contains("OpenIdConnect-nassjo-kommun", schemes);
        Assert.Equal(("https://idp.region.example", "lexheller", "/signin-oidc", "/signout-callback-oidc"), Paths(options.Get("OpenIdConnect")));
        Assert.Equal(("https://idp.fk.example", "lexheller-fk", "/signin-oidc-fk", "/signout-callback-oidc-fk"), Paths(options.Get("OpenIdConnect-fk")));
        Assert.Equal(("https://idp.nassjo.example", "lexheller-nassjo", "/signin-oidc-nassjo-kommun", "/signout-callback-oidc-nassjo-kommun"),
            Paths(options.Get("OpenIdConnect-nassjo-kommun")));
        Assert.True(options.Get("OpenIdConnect-fk").UsePkce);

        var page = await factory.CreatePageClient().GetPageAsync("/logga-in");
        var buttons = System.Text.RegularExpressions.Regex.Matches(page, "<button type=\"submit\" name=\"provider\" value=\"([^\"]+)\">([^<]+)</button>")
            .Select(match => (match.Groups[1].Value, WebUtility.HtmlDecode(match.Groups[2].Value)))
            .ToList();
        Assert.Equal(
        [
            ("OpenIdConnect", "Logga in med Region Jönköpings läns konto"),
            ("OpenIdConnect-fk", "Logga in med Försäkringskassans konto"),
            ("OpenIdConnect-nassjo-kommun", "Logga in med Nässjö kommuns konto"),
        ], buttons);
    }

    [Fact]
    public async Task A_provider_chosen_that_is_not_configured_is_a_404()
    {
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?>
        {
            ["Authentication:OpenIdConnect:Providers:fk:Authority"] = "https://idp.fk.example",
            ["Authentication:OpenIdConnect:Providers:fk:ClientId"] = "lexheller-fk",
        });
        var client = factory.CreatePageClient();

        using var response = await client.PostFormAsync("/logga-in", [new("provider", "OpenIdConnect-region")], "/logga-in?handler=openidconnect");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("FK Region", "lower-case letters")]
    [InlineData("fk", "needs an Authority and a ClientId")]
    public void A_provider_configured_wrong_stops_the_start_up_with_a_message_naming_the_setting(string name, string message)
    {
        var settings = new Dictionary<string, string?> { [$"Authentication:OpenIdConnect:Providers:{name}:ClientId"] = "lexheller" };
        if (name != "fk")
            settings[$"Authentication:OpenIdConnect:Providers:{name}:Authority"] = "https://idp.example";
        using var factory = new LexHellerApiFactory(settings: settings);

        var exception = Assert.ThrowsAny<Exception>(() => factory.Services);

        var text = exception.ToString();
        Assert.Contains($"Authentication:OpenIdConnect:Providers:{name}", text, StringComparison.Ordinal);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    private static (string? Authority, string? ClientId, string CallbackPath, string SignedOutCallbackPath) Paths(OpenIdConnectOptions options) =>
        (options.Authority, options.ClientId, options.CallbackPath, options.SignedOutCallbackPath);
}
