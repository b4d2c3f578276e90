using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace LexHeller.Api.Infrastructure.Auth;

public static class Policies
{
    /// <summary>Filing a report: a reporter, an integration partner, or nobody (the association decides).</summary>
    public const string Intake = "intake";

    public const string Triage = "triage";

    public const string Responder = "responder";

    /// <summary>Patterns, follow-ups, statistics and exports: triagers, analysts and administrators (membership is checked per association).</summary>
    public const string Insight = "insight";
}

public static class AuthenticationSetup
{
    private const string BearerOrApiKey = "BearerOrApiKey";

    /// <summary>How far a bearer token's <c>exp</c> and <c>nbf</c> may be off from the service's clock.</summary>
    public static readonly TimeSpan BearerClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For the API: bearer tokens configured from <c>Authentication:Schemes:Bearer</c> (as
    /// <c>dotnet user-jwts</c> writes it, or with an <c>Authority</c>), and API keys from the
    /// <c>X-Api-Key</c> header. For the pages: the sign-in cookie (<see cref="WebSignIn"/>).
    /// Roles are the <c>role</c> claims, kept with their JWT names, whichever way the user came in.
    /// </summary>
    public static IServiceCollection AddLexHellerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CallerContext>();

        services.AddAuthentication(BearerOrApiKey)
            .AddPolicyScheme(BearerOrApiKey, "Bearer token or API key for the API, the sign-in cookie for pages", options =>
                options.ForwardDefaultSelector = context =>
                    !WebSignIn.IsApiRequest(context.Request) ? WebSignIn.CookieScheme
                    : context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters.RoleClaimType = AuthClaims.Role;
                options.TokenValidationParameters.NameClaimType = AuthClaims.Subject;
                // A token's lifetime is read against our clock with 30 seconds' leeway (the library's default is five
                // minutes): a token that has expired, or is not yet valid, stops working within half a minute.
                options.TokenValidationParameters.ClockSkew = BearerClockSkew;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddWebSignIn(configuration);

        services.AddSingleton<IAuthorizationHandler, IntakeRequirementHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Intake, policy => policy.AddRequirements(new IntakeRequirement()))
            .AddPolicy(Policies.Triage, policy => policy.RequireRole(Roles.Triager, Roles.Admin))
            .AddPolicy(Policies.Responder, policy => policy.RequireRole(Roles.Responder))
            .AddPolicy(Policies.Insight, policy => policy.RequireRole(Roles.Triager, Roles.Analyst, Roles.Admin));
        return services;
    }
}

public sealed class IntakeRequirement : IAuthorizationRequirement;

/// <summary>
/// A reporter or an integration partner may file; so may a caller who presented no credentials at
/// all (the association's setting is checked when the report names it). A caller who presented
/// credentials that did not authenticate is refused, so a revoked key never falls back to anonymous.
/// </summary>
public sealed class IntakeRequirementHandler : AuthorizationHandler<IntakeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, IntakeRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            if (context.User.IsInRole(Roles.Reporter) || context.User.IsInRole(Roles.IntegrationPartner))
                context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var request = (context.Resource as HttpContext)?.Request;
        var presentedCredentials = request is not null
            && (request.Headers.Authorization.Count > 0 || request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName));
        if (!presentedCredentials)
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
