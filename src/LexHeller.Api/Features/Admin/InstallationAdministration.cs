namespace LexHeller.Api.Features.Admin;

/// <summary>
/// The installation administrators: those named in <c>Administration:InstallationAdministrators:0…</c>
/// (e-mail addresses) and those granted by <c>admin grant --email … --installation</c>
/// (<c>installation_administrators</c>). They create associations and their first administrators, and
/// nothing else. The shell's operator (a system caller, as <c>apply</c> runs) acts as the installation.
/// </summary>
public static class InstallationAdministration
{
    public const string ConfigurationSection = "Administration:InstallationAdministrators";

    private const string Granted = "SELECT COUNT(*) FROM installation_administrators WHERE user_key = @UserKey";

    private const string Grant = """
        INSERT INTO installation_administrators (user_key, granted_at, granted_by)
        SELECT @UserKey, @Now, @GrantedBy
        WHERE NOT EXISTS (SELECT 1 FROM installation_administrators WHERE user_key = @UserKey)
        """;

    /// <summary>The configured addresses, trimmed and lower-cased as a caller's user key is.</summary>
    public static IReadOnlySet<string> Configured(IConfiguration configuration) =>
        configuration.GetSection(ConfigurationSection).GetChildren()
            .Select(child => child.Value?.Trim().ToLowerInvariant())
            .Where(email => !string.IsNullOrEmpty(email))
            .ToHashSet(StringComparer.Ordinal)!;

    /// <summary>Whether the caller is an installation administrator (or the shell's operator).</summary>
    public static async Task<bool> IsAsync(DbSession session, IConfiguration configuration, Caller caller, CancellationToken cancellationToken)
    {
        if (caller.Kind == CallerKind.System)
            return true;
        if (caller.Kind != CallerKind.User || string.IsNullOrEmpty(caller.UserKey))
            return false;
        if (Configured(configuration).Contains(caller.UserKey))
            return true;
        return await session.ScalarAsync<int>(Granted, new { caller.UserKey }, cancellationToken) > 0;
    }

    /// <summary>Refuses (403) anyone but an installation administrator.</summary>
    public static async Task EnsureAsync(DbSession session, IConfiguration configuration, Caller caller, CancellationToken cancellationToken)
    {
        if (!await IsAsync(session, configuration, caller, cancellationToken))
            throw new ForbiddenException("Only an installation administrator may do this.");
    }

    /// <summary>Grants the installation's administration to a user (idempotent); an audit event when it is new.</summary>
    public static async Task<bool> GrantAsync(DbSession session, Caller caller, string userKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var added = await session.ExecuteAsync(Grant, new { UserKey = userKey, Now = now, GrantedBy = Actor.Of(caller) }, cancellationToken) > 0;
        if (added)
        {
            await AuditLog.RecordAsync(session, caller, null, "installation-administrator.granted", "installation-administrator", userKey,
                null, new InstallationAdministratorAudit(userKey), now, cancellationToken);
        }

        return added;
    }

    private sealed record InstallationAdministratorAudit(string Email);
}
