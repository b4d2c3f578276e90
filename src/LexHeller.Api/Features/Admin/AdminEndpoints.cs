namespace LexHeller.Api.Features.Admin;

/// <summary>The <c>/api/v1/admin</c> resource: an association's administration, for administrators. Each slice maps its own route.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin")
            .WithTags("Administration")
            .RequireAuthorization(Policies.Administration)
            .ProducesStandardProblems();

        ListSteeringGroups.Map(group);
        CreateSteeringGroup.Map(group);
        UpdateSteeringGroup.Map(group);
        ChangeMembership.MapSteeringGroupMembers(group);
        CreateQueue.Map(group);
        ListQueues.Map(group);
        ListRoutingRules.Map(group);
        CreateRoutingRule.Map(group);
        DeleteRoutingRule.Map(group);
        PreviewRouting.Map(group);
        ChangeMembership.MapPartyContacts(group);
        ListApiClients.Map(group);
        CreateApiClient.Map(group);
        RevokeApiClient.Map(group);
        ListDeadNotifications.Map(group);
        RetryNotification.Map(group);
        MapOnboarding(group);
        ListCategories.Map(group);
        CreateCategory.Map(group);
        UpdateCategory.Map(group);
        ListResponseTemplates.Map(group);
        CreateResponseTemplate.Map(group);
        DeleteResponseTemplate.Map(group);
        GetMeetings.Map(group);
        ReplaceMeetings.Map(group);
        Imports.GetImportTemplate.Map(group);
        Imports.ImportRegister.Map(group);
        return group;
    }

    /// <summary>Associations, their areas, parties, members and audit log (issue 18).</summary>
    private static void MapOnboarding(RouteGroupBuilder group)
    {
        CreateAssociation.Map(group);
        ListAssociations.Map(group);
        GetAssociation.Map(group);
        UpdateAssociation.Map(group);
        CreateArea.Map(group);
        ListAreas.Map(group);
        UpdateArea.Map(group);
        CreateParty.Map(group);
        ListParties.Map(group);
        UpdateParty.Map(group);
        ListPartyContacts.Map(group);
        SetMember.Map(group);
        ListMembers.Map(group);
        RemoveMember.Map(group);
        ListAuditEvents.Map(group);
    }
}
