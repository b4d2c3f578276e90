using System.Security.Claims;

namespace LexHeller.Api.Infrastructure.Auth;

public enum CallerKind
{
    Anonymous,
    User,
    ApiClient,
    System,
}

/// <summary>Who is asking: a signed-in user, an integration partner's key, nobody, or the service itself.</summary>
public sealed record Caller(
    CallerKind Kind,
    string? UserKey,
    IReadOnlySet<string> Roles,
    ApiClientIdentity? ApiClient)
{
    public static Caller Anonymous { get; } = new(CallerKind.Anonymous, null, new HashSet<string>(), null);

    public static Caller System(string name) => new(CallerKind.System, name, new HashSet<string>(), null);

    /// <summary>
    /// Set when the installation configures <c>Authorization:RequireRoleClaim</c>: a role granted in the data
    /// then holds only while the token's role claims also name it. A claim never grants anything by itself.
    /// </summary>
    public bool RoleClaimsNarrow { get; init; }

    /// <summary>Whether the token's role claims name <paramref name="role"/> (an API key's caller has <c>integration-partner</c>).</summary>
    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Whether the token lets a role granted in the data hold: always, unless the installation narrows by claims.</summary>
    public bool ClaimsAllow(string role) => !RoleClaimsNarrow || Roles.Contains(role);

    /// <summary>
    /// A stable name for the caller that scopes idempotency keys. It names a person (a user's e-mail),
    /// so it is never stored as it is: <see cref="Idempotency.IdempotencyScopeKey"/> keys it.
    /// </summary>
    public string ScopeName() => Kind switch
    {
        CallerKind.ApiClient => $"api-client:{ApiClient!.Id:D}",
        CallerKind.User => $"user:{UserKey}",
        CallerKind.System => $"system:{UserKey}",
        _ => "anonymous",
    };

    public static Caller FromPrincipal(ClaimsPrincipal principal, bool roleClaimsNarrow = false)
    {
        if (principal.Identity?.IsAuthenticated != true)
            return Anonymous;

        var roles = principal.FindAll(AuthClaims.Role).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal);
        var apiClientId = principal.FindFirstValue(AuthClaims.ApiClientId);
        if (apiClientId is not null)
        {
            var client = new ApiClientIdentity(
                Guid.Parse(apiClientId),
                principal.FindFirstValue(AuthClaims.ApiClientName) ?? "",
                Guid.Parse(principal.FindFirstValue(AuthClaims.AssociationId)!),
                Guid.Parse(principal.FindFirstValue(AuthClaims.PartyId)!));
            return new Caller(CallerKind.ApiClient, null, roles, client);
        }

        var userKey = principal.FindFirstValue(AuthClaims.Email)
            ?? principal.FindFirstValue(AuthClaims.PreferredUsername)
            ?? principal.FindFirstValue(AuthClaims.Subject);
        return new Caller(CallerKind.User, userKey?.Trim().ToLowerInvariant(), roles, null) { RoleClaimsNarrow = roleClaimsNarrow };
    }
}

public sealed record ApiClientIdentity(Guid Id, string Name, Guid AssociationId, Guid PartyId);

/// <summary>
/// The caller of the current unit of work: taken from the HTTP request, or set explicitly by work
/// that runs outside one (the demo seed).
/// </summary>
public sealed class CallerContext(IHttpContextAccessor httpContextAccessor, RoleClaimSettings roleClaims)
{
    private Caller? _caller;

    public Caller Caller => _caller ??= httpContextAccessor.HttpContext is { } context
        ? Caller.FromPrincipal(context.User, roleClaims.RequireRoleClaim)
        : Caller.Anonymous;

    public void Set(Caller caller) => _caller = caller;
}

/// <summary>
/// <c>Authorization:RequireRoleClaim</c>: false (the default), the data alone decides what a user may do in an
/// association; true, a role granted there must also be among the token's role claims (claims only narrow).
/// </summary>
public sealed class RoleClaimSettings
{
    public const string Section = "Authorization";

    public bool RequireRoleClaim { get; init; }
}
