namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// How a user wants what the steering group is told of: <see cref="Immediate"/> (one mail per event, the default: no
/// row) or <see cref="Digest"/> (one mail a day listing what happened, <see cref="NotificationDigestJob"/>). Per user,
/// for every steering group they sit in (users are keyed by e-mail, as in the memberships).
/// </summary>
public static class NotificationPreferences
{
    public const string Immediate = "immediate";
    public const string Digest = "digest";

    public static readonly IReadOnlyList<string> All = [Immediate, Digest];

    private const string Select = "SELECT delivery FROM notification_preferences WHERE user_key = @UserKey";

    private const string Update = "UPDATE notification_preferences SET delivery = @Delivery, updated_at = @Now WHERE user_key = @UserKey";

    private const string Insert = """
        INSERT INTO notification_preferences (user_key, delivery, updated_at)
        SELECT @UserKey, @Delivery, @Now
        WHERE NOT EXISTS (SELECT 1 FROM notification_preferences WHERE user_key = @UserKey)
        """;

    /// <summary>The user's choice, <see cref="Immediate"/> when they made none.</summary>
    public static async Task<string> OfAsync(DbSession session, string userKey, CancellationToken cancellationToken) =>
        await session.QuerySingleOrDefaultAsync<string>(Select, new { UserKey = userKey }, cancellationToken) ?? Immediate;

    /// <summary>Stores the user's choice (in the session's transaction).</summary>
    public static async Task SetAsync(DbSession session, string userKey, string delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parameters = new { UserKey = userKey, Delivery = delivery, Now = now };
        if (await session.ExecuteAsync(Update, parameters, cancellationToken) == 0)
            await session.ExecuteAsync(Insert, parameters, cancellationToken);
    }
}
