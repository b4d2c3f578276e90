using System.Security.Claims;
using LexHeller.Api.Data.Resilience;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace LexHeller.Api.Infrastructure.Auth;

public static class Policies
{
    /// <summary>Filing a report: a reporter, an integration partner, or nobody (the association decides).</summary>
    public const string Intake = "intake";

    /// <summary>Queues and reports: a triager (a steering group's member) or an administrator of some association.</summary>
    public const string Triage = "triage";

    /// <summary>Referrals: a responder of some association.</summary>
    public const string Responder = "responder";

    /// <summary>Patterns, follow-ups, statistics and exports: triagers, analysts and administrators (membership is checked per association).</summary>
    public const string Insight = "insight";

    /// <summary>Administration: a signed-in user; who administers what is decided per association by the use cases.</summary>
    public const string Administration = "administration";
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
        services.AddSingleton(configuration.GetSection(RoleClaimSettings.Section).Get<RoleClaimSettings>() ?? new RoleClaimSettings());
        services.AddScoped<CallerContext>();
        services.AddSingleton<UserDisplayNames>();

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
                options.Events = new JwtBearerEvents { OnTokenValidated = context => RememberDisplayNameAsync(context.HttpContext, context.Principal!) };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddWebSignIn(configuration);

        services.AddSingleton<IAuthorizationHandler, IntakeRequirementHandler>();
        services.AddScoped<IAuthorizationHandler, GrantRequirementHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Intake, policy => policy.AddRequirements(new IntakeRequirement()))
            .AddPolicy(Policies.Triage, policy => policy.AddRequirements(new GrantRequirement(Roles.Triager, Roles.Admin)))
            .AddPolicy(Policies.Responder, policy => policy.AddRequirements(new GrantRequirement(Roles.Responder)))
            .AddPolicy(Policies.Insight, policy => policy.AddRequirements(new GrantRequirement(Roles.Triager, Roles.Analyst, Roles.Admin)))
            .AddPolicy(Policies.Administration, policy => policy.AddRequirements(new GrantRequirement()));
        return services;
    }

    /// <summary>Keeps the name claim of a user who signs in (a page's cookie) or calls with a bearer token (<see cref="UserDisplayNames"/>).</summary>
    public static Task RememberDisplayNameAsync(HttpContext httpContext, ClaimsPrincipal principal)
    {
        var services = httpContext.RequestServices;
        return services.GetRequiredService<UserDisplayNames>().RememberAsync(principal, services.GetRequiredService<DbSession>(),
            services.GetRequiredService<DatabaseResilience>(), httpContext.RequestAborted);
    }
}

public sealed class IntakeRequirement : IAuthorizationRequirement;

/// <summary>
/// A signed-in user (never an API key's caller) who holds one of <see cref="Roles"/> in at least one association,
/// as the data says (<see cref="MemberGrants"/>); with no roles named, any signed-in user. This is the coarse gate
/// of a group of endpoints or pages; each use case then checks the association it acts in.
/// </summary>
public sealed class GrantRequirement(params string[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>Reads the caller's grants like any query: again after a transient SQL Server fault, on a fresh connection.</summary>
public sealed class GrantRequirementHandler(CallerContext callerContext, DbSession session, DatabaseResilience resilience)
    : AuthorizationHandler<GrantRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, GrantRequirement requirement)
    {
        var caller = callerContext.Caller;
        if (caller.Kind != CallerKind.User || caller.UserKey is null)
            return;
        if (requirement.Roles.Count == 0)
        {
            context.Succeed(requirement);
            return;
        }

        var grants = await resilience.ExecuteAsync("Authorization", async cancellationToken =>
        {
            try
            {
                return await MemberGrants.LoadAsync(session, caller, cancellationToken);
            }
            catch (Exception exception) when (SqlServerTransientFaults.IsTransient(exception))
            {
                await session.ResetAsync();
                throw;
            }
        }, (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None);
        if (requirement.Roles.Any(grants.HoldsAnywhere))
            context.Succeed(requirement);
    }
}

/// <summary>
/// A signed-in user or an integration partner may file (whether the user acts for a party is the data's to say); so may a caller who presented no credentials at
/// all (the association's setting is checked when the report names it). A caller who presented
/// credentials that did not authenticate is refused, so a revoked key never falls back to anonymous.
/// </summary>
public sealed class IntakeRequirementHandler : AuthorizationHandler<IntakeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, IntakeRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
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
