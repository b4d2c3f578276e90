using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace LexHeller.Browser.Tests.Infrastructure;

/// <summary>
/// The test OpenID Connect provider does what ASP.NET Core's OpenID Connect handler will ask of it: discovery,
/// the authorization code flow with PKCE and form_post, the client's secret, and the email and role claims in
/// the ID token and at userinfo.
/// </summary>
public sealed class OidcProviderTests(BrowserFixture browser)
{
    [Fact]
    public async Task Discovery_names_the_issuer_and_the_endpoints()
    {
        await using var provider = await StartProviderAsync(new Uri("http://127.0.0.1:1/"));
        using var http = new HttpClient();

        var discovery = await http.GetFromJsonAsync<JsonElement>(
            new Uri($"{provider.Authority}/.well-known/openid-configuration"), TestContext.Current.CancellationToken);

        Assert.Equal(provider.Authority, discovery.GetProperty("issuer").GetString());
        Assert.Equal($"{provider.Authority}/auth", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{provider.Authority}/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{provider.Authority}/me", discovery.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal($"{provider.Authority}/session/end", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal($"{provider.Authority}/jwks", discovery.GetProperty("jwks_uri").GetString());
        Assert.Superset(new HashSet<string> { "openid", "email", "profile", "roles" }, Strings(discovery, "scopes_supported").ToHashSet());
        Assert.Superset(new HashSet<string> { "sub", "email", "email_verified", "name", "role" }, Strings(discovery, "claims_supported").ToHashSet());
        Assert.Contains("S256", Strings(discovery, "code_challenge_methods_supported"));
        Assert.Contains("form_post", Strings(discovery, "response_modes_supported"));
        Assert.Contains("client_secret_post", Strings(discovery, "token_endpoint_auth_methods_supported"));
    }

    [Theory]
    [InlineData(OidcProvider.Triager, "triager")]
    [InlineData(OidcProvider.Responder, "responder")]
    [InlineData(OidcProvider.Reporter, "reporter")]
    [InlineData(OidcProvider.Admin, "admin")]
    [InlineData("someone@example.org", "reporter")]
    public async Task Signing_in_on_the_login_page_gives_a_code_for_tokens_with_email_and_role(string account, string role)
    {
        var app = new Uri($"http://127.0.0.1:{NodeProcess.FreeLoopbackPort()}/");
        await using var provider = await StartProviderAsync(app);
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;

        // The app is not there: the browser's form post to /signin-oidc is caught, as the app would receive it.
        var callback = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync($"{app}signin-oidc", async route =>
        {
            callback.TrySetResult(route.Request.PostData ?? "");
            await route.FulfillAsync(new RouteFulfillOptions
            {
                ContentType = "text/html",
                Body = "<!DOCTYPE html><html lang=\"en\"><head><title>Signed in</title></head><body><h1>Signed in</h1></body></html>",
            });
        });

        var verifier = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var state = Guid.NewGuid().ToString("N");
        var nonce = Guid.NewGuid().ToString("N");
        var redirectUri = $"{app}signin-oidc";
        await page.GotoAsync(QueryHelpers.AddQueryString($"{provider.Authority}/auth", new Dictionary<string, string?>
        {
            ["client_id"] = OidcProvider.ClientId,
            ["response_type"] = "code",
            ["response_mode"] = "form_post",
            ["scope"] = "openid email profile roles",
            ["redirect_uri"] = redirectUri,
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        }));
        await page.WaitForURLAsync($"{provider.Authority}/interaction/**", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.SaveScreenshotAsync("sign-in");
        await provider.SignInAsync(page, account);

        var form = QueryHelpers.ParseQuery(await callback.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken));
        await page.SaveScreenshotAsync("back-at-the-app");
        Assert.Equal(state, form["state"].ToString());
        Assert.Equal(provider.Authority, form["iss"].ToString());
        var code = form["code"].ToString();
        Assert.NotEmpty(code);

        using var http = new HttpClient();
        using var tokenResponse = await http.PostAsync(new Uri($"{provider.Authority}/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = OidcProvider.ClientId,
            ["client_secret"] = OidcProvider.ClientSecret,
            ["code_verifier"] = verifier,
        }), TestContext.Current.CancellationToken);
        var tokens = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(tokenResponse.IsSuccessStatusCode, $"{tokenResponse.StatusCode}: {tokens}");

        var idToken = Payload(tokens.GetProperty("id_token").GetString()!);
        Assert.Equal(provider.Authority, idToken.GetProperty("iss").GetString());
        Assert.Equal(OidcProvider.ClientId, idToken.GetProperty("aud").GetString());
        Assert.Equal(nonce, idToken.GetProperty("nonce").GetString());
        Assert.Equal(account, idToken.GetProperty("sub").GetString());
        Assert.Equal(account, idToken.GetProperty("email").GetString());
        Assert.Equal([role], Strings(idToken, "role"));

        using var userInfoRequest = new HttpRequestMessage(HttpMethod.Get, new Uri($"{provider.Authority}/me"));
        userInfoRequest.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        using var userInfoResponse = await http.SendAsync(userInfoRequest, TestContext.Current.CancellationToken);
        var userInfo = await userInfoResponse.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(userInfoResponse.IsSuccessStatusCode, $"{userInfoResponse.StatusCode}: {userInfo}");
        Assert.Equal(account, userInfo.GetProperty("email").GetString());
        Assert.True(userInfo.GetProperty("email_verified").GetBoolean());
        Assert.Equal([role], Strings(userInfo, "role"));
    }

    [Fact]
    public async Task A_redirect_uri_that_is_not_the_apps_is_refused()
    {
        await using var provider = await StartProviderAsync(new Uri("http://127.0.0.1:1/"));
        await using var session = await browser.NewSessionAsync();

        var response = await session.Page.GotoAsync(QueryHelpers.AddQueryString($"{provider.Authority}/auth", new Dictionary<string, string?>
        {
            ["client_id"] = OidcProvider.ClientId,
            ["response_type"] = "code",
            ["scope"] = "openid",
            ["redirect_uri"] = "http://127.0.0.1:2/signin-oidc",
        }));

        Assert.Equal(400, response?.Status);
        Assert.Contains("redirect_uri", await session.Page.ContentAsync(), StringComparison.Ordinal);
    }

    private static async Task<OidcProvider> StartProviderAsync(Uri app)
    {
        if (OidcProvider.Unavailable() is { } reason)
            Assert.Skip(reason);

        var provider = new OidcProvider();
        await provider.StartAsync(app);
        return provider;
    }

    private static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(Base64UrlTextEncoder.Decode(jwt.Split('.')[1])).RootElement;

    private static string[] Strings(JsonElement json, string property) =>
        [.. json.GetProperty(property).EnumerateArray().Select(item => item.GetString()!)];
}
