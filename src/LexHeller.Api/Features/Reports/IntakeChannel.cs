namespace LexHeller.Api.Features.Reports;

/// <summary>Who may file a report for an association, through which channel, and how the event log names them.</summary>
public static class IntakeChannel
{
    /// <summary>The parties a user reports for: those they are a member of, in an association where they hold the role reporter.</summary>
    private const string PartiesActedFor = $"""
        SELECT pm.party_id
        FROM party_members pm
        JOIN parties p ON p.id = pm.party_id
        WHERE pm.user_key = @UserKey AND p.association_id IN ({MemberGrants.ReporterAssociations})
        """;

    /// <summary>
    /// Who may file for this association, and through which channel the report came. Anyone may file
    /// without credentials where the association allows it; an API key files for its own association
    /// and party; a signed-in reporter files only into an association where they act for a party
    /// (<see cref="PartiesActedForAsync"/>), and only as one of those parties. Presented credentials
    /// never fall back to anonymous intake.
    /// </summary>
    public static async Task<string> AuthorizeAsync(DbSession session, Caller caller, AssociationIntake association, Guid? reporterPartyId,
        CancellationToken cancellationToken)
    {
        var channel = Authorize(caller, association, reporterPartyId);
        if (caller.Kind != CallerKind.User)
            return channel;

        var actedFor = await PartiesActedForAsync(session, caller, cancellationToken);
        if (!association.PartyKinds.Keys.Any(actedFor.Contains))
            throw new ForbiddenException(
                $"You are not a reporter for any party of association '{association.Code}': a signed-in user files only where the association has made them a reporter for a party.");
        if (reporterPartyId is not { } partyId || !actedFor.Contains(partyId))
            throw new ForbiddenException("A signed-in reporter files as a party they act for: reporterPartyId must be one of your parties.");
        return channel;
    }

    /// <summary>The parties a signed-in user reports for (in any association, as its data grants); none for other callers.</summary>
    public static async Task<IReadOnlySet<Guid>> PartiesActedForAsync(DbSession session, Caller caller, CancellationToken cancellationToken)
    {
        if (caller.Kind != CallerKind.User || caller.UserKey is null)
            return new HashSet<Guid>();

        return (await session.QueryAsync<Guid>(PartiesActedFor, MemberGrants.Parameters(caller),
            cancellationToken)).ToHashSet();
    }

    private static string Authorize(Caller caller, AssociationIntake association, Guid? reporterPartyId) => caller.Kind switch
    {
        CallerKind.Anonymous when association.AllowAnonymousIntake => "anonymous",
        CallerKind.Anonymous => throw new AuthenticationRequiredException(
            $"Association '{association.Code}' does not accept reports without sign-in."),
        CallerKind.ApiClient when caller.ApiClient!.AssociationId != association.Id => throw new ForbiddenException(
            "This API key is not bound to the association named in the report."),
        CallerKind.ApiClient when caller.ApiClient!.PartyId != reporterPartyId => throw new ForbiddenException(
            "This API key files reports for its own party only: reporterPartyId must be the key's party."),
        CallerKind.ApiClient => "api",
        CallerKind.User => "form",
        _ => "system",
    };

    /// <summary>The event log names how a report came in, never the reporter (whose identity is kept apart).</summary>
    public static string ActorName(Caller caller) => caller.Kind switch
    {
        CallerKind.ApiClient => $"api-client:{caller.ApiClient!.Name}",
        CallerKind.User => "reporter",
        CallerKind.System => $"system:{caller.UserKey}",
        _ => "anonymous",
    };
}
