namespace LexHeller.Api.Features.Admin;

/// <summary>
/// An administrator acts only in the associations where the data makes them one (a <c>member_roles</c> row
/// with the role <c>admin</c>, ADR 13): each lookup here finds what is acted on (404 when unknown) and refuses
/// (403) unless the caller administers its association. The service itself (a command run at the shell,
/// such as <c>apply</c>) acts for the installation.
/// </summary>
public static class AdminAccess
{
    private const string AssociationByCode = "SELECT id, code, name FROM associations WHERE code = @Code";
    private const string SteeringGroupAssociation = "SELECT association_id FROM steering_groups WHERE id = @Id";
    private const string PartyAssociation = "SELECT association_id FROM parties WHERE id = @Id";
    private const string RoutingRuleAssociation = "SELECT association_id FROM routing_rules WHERE id = @Id";
    private const string ApiClientAssociation = "SELECT association_id FROM api_clients WHERE id = @Id";
    private const string NotificationAssociation = "SELECT association_id FROM outbox_messages WHERE id = @Id";

    public static async Task<AdminAssociation> AssociationAsync(DbSession session, Caller caller, string code, CancellationToken cancellationToken)
    {
        var association = await session.QuerySingleOrDefaultAsync<AdminAssociation>(
            AssociationByCode, new { Code = Codes.Canonical(code) }, cancellationToken)
            ?? throw new NotFoundException($"Association '{code}'");
        await EnsureMemberAsync(session, caller, association.Id, cancellationToken);
        return association;
    }

    /// <summary>The association the steering group belongs to.</summary>
    public static Task<Guid> SteeringGroupAsync(DbSession session, Caller caller, Guid id, CancellationToken cancellationToken) =>
        AssociationOfAsync(session, caller, SteeringGroupAssociation, id, $"Steering group '{id}'", cancellationToken);

    /// <summary>The association the party belongs to.</summary>
    public static Task<Guid> PartyAsync(DbSession session, Caller caller, Guid id, CancellationToken cancellationToken) =>
        AssociationOfAsync(session, caller, PartyAssociation, id, $"Party '{id}'", cancellationToken);

    /// <summary>The association the routing rule belongs to.</summary>
    public static Task<Guid> RoutingRuleAsync(DbSession session, Caller caller, Guid id, CancellationToken cancellationToken) =>
        AssociationOfAsync(session, caller, RoutingRuleAssociation, id, $"Routing rule '{id}'", cancellationToken);

    /// <summary>The association the API key belongs to.</summary>
    public static Task<Guid> ApiClientAsync(DbSession session, Caller caller, Guid id, CancellationToken cancellationToken) =>
        AssociationOfAsync(session, caller, ApiClientAssociation, id, $"API key '{id}'", cancellationToken);

    /// <summary>The association an outbox message belongs to (a message of none is not found).</summary>
    public static Task<Guid> NotificationAsync(DbSession session, Caller caller, Guid id, CancellationToken cancellationToken) =>
        AssociationOfAsync(session, caller, NotificationAssociation, id, $"Notification '{id}'", cancellationToken);

    /// <summary>The association that <paramref name="sql"/> (one column, by <c>@Id</c>) names for the thing; the caller must administer it.</summary>
    public static Task<Guid> OfAsync(DbSession session, Caller caller, string sql, Guid id, string what, CancellationToken cancellationToken) =>
        AssociationOfAsync(session, caller, sql, id, what, cancellationToken);

    private static async Task<Guid> AssociationOfAsync(DbSession session, Caller caller, string sql, Guid id, string what, CancellationToken cancellationToken)
    {
        var associationId = await session.QuerySingleOrDefaultAsync<Guid?>(
            sql, new { Id = id }, cancellationToken)
            ?? throw new NotFoundException(what);
        await EnsureMemberAsync(session, caller, associationId, cancellationToken);
        return associationId;
    }

    private static async Task EnsureMemberAsync(DbSession session, Caller caller, Guid associationId, CancellationToken cancellationToken)
    {
        if (caller.Kind == CallerKind.System)
            return;
        if (caller.Kind != CallerKind.User || caller.UserKey is null)
            throw new ForbiddenException("Only administrators may change how an association works.");

        var grants = await MemberGrants.LoadAsync(session, caller, cancellationToken);
        if (!grants.Holds(associationId, Roles.Admin))
            throw new ForbiddenException("You are not an administrator of this association.");
    }
}

/// <summary>The association an administrator acts in.</summary>
public sealed class AdminAssociation
{
    public Guid Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
}
