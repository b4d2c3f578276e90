using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace LexHeller.Api.Infrastructure.Auth;

/// <summary>
/// An organisation's identity provider: the one in <c>Authentication:OpenIdConnect</c> itself, and each of
/// <c>Authentication:OpenIdConnect:Providers:{name}</c> (<see cref="OpenIdConnectProviders"/>). Absent: no OIDC sign-in.
/// </summary>
public sealed class OpenIdConnectSettings
{
    public const string Section = "Authentication:OpenIdConnect";

    public string? Authority { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    /// <summary>Scopes asked for besides <c>openid</c>, <c>profile</c> and <c>email</c> (e.g. <c>roles</c>).</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>The claim in which the provider sends the user's Lex Heller roles (<c>role</c>, or <c>roles</c> in Entra ID).</summary>
    public string RoleClaim { get; init; } = AuthClaims.Role;

    /// <summary>What the sign-in button says, e.g. "Logga in med Region Jönköpings läns konto".</summary>
    public string DisplayName { get; init; } = "Logga in med din organisations konto";

    /// <summary>Only for a provider on loopback in development and tests.</summary>
    public bool RequireHttpsMetadata { get; init; } = true;

    /// <summary>Further providers side by side, one per organisation, by name (read only at the top level).</summary>
    public Dictionary<string, OpenIdConnectSettings> Providers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>
/// Sign-in for the web pages: a cookie of ours, issued after the organisation's identity provider
/// (OpenID Connect) or, in Development and tests only, the demo identity picker, has said who the user is.
/// The API never reads this cookie: it takes bearer tokens and API keys only.
/// </summary>
public static class WebSignIn
{
    public const string CookieScheme = "Web";
    public const string OpenIdConnectScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string SignInPath = "/logga-in";
    public const string AccessDeniedPath = "/ingen-behorighet";

    /// <summary>
    /// Sign-in cookies carry expiry times that the browser reads against its own clock, so sign-in
    /// keeps real time, not the service's business clock (which tests move at will).
    /// </summary>
    private static readonly TimeProvider BrowserTime = TimeProvider.System;

    /// <summary>Whether the request is for the JSON API (bearer tokens and API keys) rather than a page (the cookie).</summary>
    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static AuthenticationBuilder AddWebSignIn(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        authentication.AddCookie(CookieScheme, options =>
        {
            options.Cookie.Name = "lexheller.signin";
            options.Cookie.HttpOnly = true;
            // Lax, not Strict: a link to a case in an e-mail opens it signed in; a POST from another
            // site still goes without the cookie (and without an antiforgery token).
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Always, also when the request came over plain HTTP: behind the TLS proxy the forwarded
            // headers make the request HTTPS; anything else is a mistake the cookie should not survive.
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.LoginPath = SignInPath;
            options.AccessDeniedPath = AccessDeniedPath;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.TimeProvider = BrowserTime;
            // Every way in (the organisations' providers, the e-mail link, the demo picker) ends here: the name is kept then.
            options.Events.OnSigningIn = context => AuthenticationSetup.RememberDisplayNameAsync(context.HttpContext, context.Principal!);
        });

        var settings = configuration.GetSection(OpenIdConnectSettings.Section).Get<OpenIdConnectSettings>() ?? new OpenIdConnectSettings();
        var providers = OpenIdConnectProviders.From(settings);
        authentication.Services.AddSingleton(settings);
        authentication.Services.AddSingleton(providers);
        foreach (var provider in providers.All)
            authentication.AddOpenIdConnect(provider.Scheme, provider.Settings.DisplayName, options => Configure(options, provider));
        return authentication;
    }

    /// <summary>One provider's handler: code flow with PKCE, its own callback paths, the principal made as <see cref="Principal"/>.</summary>
    private static void Configure(OpenIdConnectOptions options, OpenIdConnectProvider provider)
    {
        var settings = provider.Settings;
        options.SignInScheme = CookieScheme;
        options.TimeProvider = BrowserTime;
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;
        options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        options.CallbackPath = provider.CallbackPath;
        options.SignedOutCallbackPath = provider.SignedOutCallbackPath;
        options.RemoteSignOutPath = provider.RemoteSignOutPath;
        // Each handler's correlation and nonce cookies are its own, so two sign-ins under way do not mix.
        options.CorrelationCookie.Name = $".AspNetCore.Correlation.{provider.Scheme}.";
        options.NonceCookie.Name = $".AspNetCore.OpenIdConnect.Nonce.{provider.Scheme}.";
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.SaveTokens = false;
        options.Scope.Clear();
        foreach (var scope in new[] { "openid", "profile", "email" }.Concat(settings.Scopes).Distinct(StringComparer.Ordinal))
            options.Scope.Add(scope);
        options.TokenValidationParameters.NameClaimType = AuthClaims.Email;
        options.TokenValidationParameters.RoleClaimType = AuthClaims.Role;
        options.ClaimActions.MapUniqueJsonKey(AuthClaims.Email, AuthClaims.Email);
        options.ClaimActions.MapUniqueJsonKey("name", "name");
        options.ClaimActions.MapJsonKey(AuthClaims.Role, settings.RoleClaim);
        options.Events.OnTicketReceived = context =>
        {
            context.Principal = Normalize(context.Principal!, settings.RoleClaim, provider.Scheme);
            return Task.CompletedTask;
        };
    }

    /// <summary>The principal a page sees: subject, e-mail, name and the <c>role</c> claims, whatever the provider called them.</summary>
    public static ClaimsPrincipal Principal(string subject, string email, string? name, IEnumerable<string> roles, string authenticationType)
    {
        var claims = new List<Claim> { new(AuthClaims.Subject, subject), new(AuthClaims.Email, email) };
        if (!string.IsNullOrWhiteSpace(name))
            claims.Add(new Claim("name", name));
        claims.AddRange(roles.Distinct(StringComparer.Ordinal).Select(role => new Claim(AuthClaims.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, AuthClaims.Email, AuthClaims.Role));
    }

    private static ClaimsPrincipal Normalize(ClaimsPrincipal external, string roleClaim, string scheme)
    {
        var email = external.FindFirstValue(AuthClaims.Email)
            ?? external.FindFirstValue(AuthClaims.PreferredUsername)
            ?? external.FindFirstValue(AuthClaims.Subject)
            ?? throw new InvalidOperationException("The identity provider named no subject.");
        var roles = external.FindAll(AuthClaims.Role).Concat(external.FindAll(roleClaim)).Select(claim => claim.Value);
        return Principal(external.FindFirstValue(AuthClaims.Subject) ?? email, email, external.FindFirstValue("name"), roles, scheme);
    }
}
