using LexHeller.Api.Features.Admin;

namespace LexHeller.Api.Features.Account;

/// <summary>
/// Where a user lands after signing in: the page of the most demanding role Lex Heller's data gives them
/// in any association (administrator — or installation administrator —, then triager through a steering
/// group, analyst, responder, reporter), read as access reads it (<see cref="MemberGrants"/>).
/// When the data names no role at all, the start page: the token's role claims grant nothing, so they choose nothing.
/// A grant carried over from before roles were data (<c>requires_role_claim</c>) counts only while the
/// token names its role, as access does.
/// </summary>
public static class GetSignInLanding
{
    public const string AdminHome = "/admin";
    public const string TriageHome = "/triage";
    public const string AnalystHome = "/statistik";
    public const string ResponderHome = "/part";
    public const string ReporterHome = "/anmalan";
    public const string Start = "/";

    /// <param name="UserKey">The signed-in user's key (lower-cased e-mail address).</param>
    /// <param name="ClaimRoles">The role claims of the user's token.</param>
    public sealed record Query(string UserKey, IReadOnlyList<string> ClaimRoles) : IQuery<Response>
    {
        /// <summary>The landing of a signed-in user (a caller without a user key lands on the start page).</summary>
        public static Query For(Caller caller) => new(caller.UserKey ?? "", [.. caller.Roles]);
    }

    public sealed record Response(string Path);

    /// <summary>The roles in the order their home page wins.</summary>
    private static readonly (string Role, string Home)[] Precedence =
    [
        (Roles.Admin, AdminHome),
        (Roles.Triager, TriageHome),
        (Roles.Analyst, AnalystHome),
        (Roles.Responder, ResponderHome),
        (Roles.Reporter, ReporterHome),
    ];

    public sealed class Handler(DbSession session, RoleClaimSettings roleClaims, IConfiguration configuration) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var caller = new Caller(CallerKind.User, query.UserKey, query.ClaimRoles.ToHashSet(StringComparer.Ordinal), null)
            {
                RoleClaimsNarrow = roleClaims.RequireRoleClaim,
            };
            var granted = (await MemberGrants.LoadAsync(session, caller, cancellationToken)).All
                .Select(grant => grant.Role).ToHashSet(StringComparer.Ordinal);
            if (await InstallationAdministration.IsAsync(session, configuration, caller, cancellationToken))
                granted.Add(Roles.Admin);

            // The token's role claims grant nothing (ADR 13), so they choose no page either: no grant, the start page.
            return new Response(Precedence.FirstOrDefault(entry => granted.Contains(entry.Role)).Home ?? Start);
        }
    }
}
