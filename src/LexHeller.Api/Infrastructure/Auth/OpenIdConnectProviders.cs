using System.Text.RegularExpressions;

namespace LexHeller.Api.Infrastructure.Auth;

/// <summary>
/// One identity provider the sign-in page offers: its authentication scheme, the paths its handler answers on,
/// and its settings. The provider of <c>Authentication:OpenIdConnect</c> itself keeps the names it always had
/// (scheme <c>OpenIdConnect</c>, <c>/signin-oidc</c>); a named one, <c>Providers:{name}</c>, gets
/// <c>OpenIdConnect-{name}</c> and <c>/signin-oidc-{name}</c>.
/// </summary>
public sealed record OpenIdConnectProvider(string? Name, OpenIdConnectSettings Settings)
{
    public string Scheme => Name is null ? WebSignIn.OpenIdConnectScheme : $"{WebSignIn.OpenIdConnectScheme}-{Name}";

    public string CallbackPath => Name is null ? "/signin-oidc" : $"/signin-oidc-{Name}";

    public string SignedOutCallbackPath => Name is null ? "/signout-callback-oidc" : $"/signout-callback-oidc-{Name}";

    public string RemoteSignOutPath => Name is null ? "/signout-oidc" : $"/signout-oidc-{Name}";
}

/// <summary>
/// The identity providers configured side by side, one per organisation, in the order the sign-in page shows
/// them: the one of <c>Authentication:OpenIdConnect</c> (as before issue 18), then <c>Providers:{name}</c> by name.
/// </summary>
public sealed partial class OpenIdConnectProviders(IReadOnlyList<OpenIdConnectProvider> all)
{
    public IReadOnlyList<OpenIdConnectProvider> All { get; } = all;

    /// <summary>The provider with this scheme, or null.</summary>
    public OpenIdConnectProvider? Find(string? scheme) =>
        All.FirstOrDefault(provider => string.Equals(provider.Scheme, scheme, StringComparison.Ordinal));

    /// <summary>Reads and checks the providers; a mistake stops the start-up with a message that names the setting.</summary>
    public static OpenIdConnectProviders From(OpenIdConnectSettings settings)
    {
        var all = new List<OpenIdConnectProvider>();
        if (settings.IsConfigured)
            all.Add(new OpenIdConnectProvider(null, settings));
        foreach (var (name, provider) in settings.Providers.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var key = $"{OpenIdConnectSettings.Section}:Providers:{name}";
            if (!ProviderName().IsMatch(name))
                throw new InvalidOperationException($"{key}: a provider's name is 1 to 40 lower-case letters a-z, digits and hyphens (it is part of its callback path).");
            if (!provider.IsConfigured)
                throw new InvalidOperationException($"{key} needs an Authority and a ClientId.");
            if (provider.Providers.Count > 0)
                throw new InvalidOperationException($"{key}:Providers: providers are not nested.");
            all.Add(new OpenIdConnectProvider(name, provider));
        }

        return new OpenIdConnectProviders(all);
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex ProviderName();
}
