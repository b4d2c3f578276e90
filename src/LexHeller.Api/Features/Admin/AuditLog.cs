namespace LexHeller.Api.Features.Admin;

/// <summary>
/// The audit log (<c>audit_events</c>, append-only): every administrative change is one event naming who
/// made it, when, what was changed, and the thing before and after, as JSON with the API's names. It is
/// written in the transaction of the change itself, so a change and its event commit or fail together.
/// </summary>
public static class AuditLog
{
    private const string Insert = """
        INSERT INTO audit_events (id, association_id, occurred_at, actor, action, entity_type, entity_id, before_data, after_data)
        VALUES (@Id, @AssociationId, @OccurredAt, @Actor, @Action, @EntityType, @EntityId, @Before, @After)
        """;

    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    /// <summary>
    /// Records one change. <paramref name="associationId"/> is null for a change to the installation;
    /// <paramref name="before"/> is null for something created, <paramref name="after"/> for something removed.
    /// </summary>
    public static Task RecordAsync(
        DbSession session,
        Caller caller,
        Guid? associationId,
        string action,
        string entityType,
        string entityId,
        object? before,
        object? after,
        DateTimeOffset now,
        CancellationToken cancellationToken) =>
        session.ExecuteAsync(Insert, new
        {
            Id = Guid.CreateVersion7(now),
            AssociationId = associationId,
            OccurredAt = now,
            Actor = Actor.Of(caller),
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before is null ? null : JsonSerializer.Serialize(before, before.GetType(), Json),
            After = after is null ? null : JsonSerializer.Serialize(after, after.GetType(), Json),
        }, cancellationToken);

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions();
        JsonSetup.Configure(options);
        return options;
    }
}
