using LexHeller.Api.Infrastructure.Security;

namespace LexHeller.Api.Features.SignIn;

/// <summary>
/// The <c>Authentication:EmailSignIn</c> settings: sign-in with a one-time link sent by e-mail, for a member or
/// contact person whose organisation has no identity provider of its own. On by default.
/// </summary>
public sealed class EmailSignInOptions
{
    public const string Section = "Authentication:EmailSignIn";

    /// <summary>Offers the e-mail form on <c>/logga-in</c> and accepts its links. Off: neither exists (404).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a link holds after it was sent; it is used up by the first sign-in with it anyway.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The limits on asking for links (<c>RateLimiting:EmailSignIn</c>); asked beyond them, nothing is sent.</summary>
    public EmailSignInLimits Limits { get; set; } = new();

    /// <summary>Reads and checks the settings; a mistake stops the start-up with a message that names the setting.</summary>
    public static EmailSignInOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<EmailSignInOptions>() ?? new EmailSignInOptions();
        options.Limits = configuration.GetSection(EmailSignInLimits.Section).Get<EmailSignInLimits>() ?? new EmailSignInLimits();
        if (options.LinkLifetime < TimeSpan.FromMinutes(1) || options.LinkLifetime > TimeSpan.FromDays(1))
            throw new InvalidOperationException($"{Section}:LinkLifetime must be between one minute and one day.");
        foreach (var (name, limit) in new[] { (nameof(EmailSignInLimits.PerAddress), options.Limits.PerAddress), (nameof(EmailSignInLimits.PerClientAddress), options.Limits.PerClientAddress) })
        {
            if (limit.PermitLimit < 1)
                throw new InvalidOperationException($"{EmailSignInLimits.Section}:{name}:PermitLimit must be at least 1.");
            if (limit.Window < TimeSpan.FromSeconds(1))
                throw new InvalidOperationException($"{EmailSignInLimits.Section}:{name}:Window must be at least one second.");
        }

        return options;
    }
}

/// <summary>
/// <c>RateLimiting:EmailSignIn</c>: how many links may be asked for one address, and from one client address
/// (IPv4, or an IPv6 /64), in a fixed window. A request past either is answered like any other and sends nothing.
/// </summary>
public sealed class EmailSignInLimits
{
    public const string Section = "RateLimiting:EmailSignIn";

    public WindowLimit PerAddress { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(15) };

    public WindowLimit PerClientAddress { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(15) };
}
