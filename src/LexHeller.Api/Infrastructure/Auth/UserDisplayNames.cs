using System.Collections.Concurrent;
using System.Security.Claims;
using LexHeller.Api.Data.Resilience;

namespace LexHeller.Api.Infrastructure.Auth;

/// <summary>
/// The names people go by (<c>user_display_names</c>, migration 0023): the identity provider's <c>name</c> claim,
/// kept by the user key the memberships use each time the user signs in (the sign-in cookie is issued) or calls the
/// API with a bearer token. The history and the forms then name the person rather than the e-mail address.
/// A sign-in without a name claim (the e-mail link) leaves the name the user brought before.
/// </summary>
public sealed class UserDisplayNames(TimeProvider time)
{
    public const int MaxLength = 200;

    /// <summary>Names this process has written, so a bearer token's every request does not write again.</summary>
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);

    private const int MaxRemembered = 10_000;

    private const string Update = "UPDATE user_display_names SET display_name = @Name, updated_at = @Now WHERE user_key = @UserKey AND display_name <> @Name";

    private const string Insert = """
        INSERT INTO user_display_names (user_key, display_name, updated_at)
        SELECT @UserKey, @Name, @Now
        WHERE NOT EXISTS (SELECT 1 FROM user_display_names WHERE user_key = @UserKey)
        """;

    private const string Find = "SELECT display_name FROM user_display_names WHERE user_key = @UserKey";

    /// <summary>
    /// SQL for the display name of the user key in <paramref name="column"/>, or null: a seek on the table's key.
    /// </summary>
    public static string NameOf(string column) =>
        $"(SELECT udn.display_name FROM user_display_names udn WHERE udn.user_key = {column})";

    /// <summary>The name claim of a principal, trimmed and bounded; null when it has none.</summary>
    public static string? NameClaim(ClaimsPrincipal principal) =>
        principal.FindFirstValue("name") is { } name
            && new string([.. name.Select(c => char.IsControl(c) ? ' ' : c)]).Trim() is { Length: > 0 } clean
            ? clean[..Math.Min(clean.Length, MaxLength)].TrimEnd()
            : null;

    /// <summary>The user's display name, or null when none is known.</summary>
    public static Task<string?> FindAsync(DbSession session, string userKey, CancellationToken cancellationToken) =>
        session.QuerySingleOrDefaultAsync<string>(Find, new { UserKey = userKey }, cancellationToken);

    /// <summary>
    /// Keeps the principal's name claim for its user (nothing for an API key's caller or a principal without a name).
    /// Written on the request's session before any transaction of it, committed on its own; safe to run twice.
    /// </summary>
    public async Task RememberAsync(ClaimsPrincipal principal, DbSession session, DatabaseResilience resilience, CancellationToken cancellationToken)
    {
        var caller = Caller.FromPrincipal(principal);
        if (caller.Kind != CallerKind.User || caller.UserKey is not { } userKey || NameClaim(principal) is not { } name)
            return;
        if (_written.TryGetValue(userKey, out var known) && known == name)
            return;

        await resilience.ExecuteAsync("UserDisplayName", async ct =>
        {
            try
            {
                var arguments = new { UserKey = userKey, Name = name, Now = time.GetUtcNow() };
                if (await session.ExecuteOutsideTransactionAsync(Update, arguments, ct) == 0)
                    await InsertAsync(session, arguments, ct);
                return true;
            }
            catch
            {
                // The next attempt opens a new connection: after a transient fault the old one may be broken.
                await session.ResetAsync();
                throw;
            }
        }, cancellationToken);

        if (_written.Count >= MaxRemembered)
            _written.Clear();
        _written[userKey] = name;
    }

    private static async Task InsertAsync(DbSession session, object arguments, CancellationToken cancellationToken)
    {
        try
        {
            await session.ExecuteOutsideTransactionAsync(Insert, arguments, cancellationToken);
        }
        catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
        {
            // The same user signed in at the same moment elsewhere (SQL Server): that row holds the same name, or a newer one.
        }
    }
}
