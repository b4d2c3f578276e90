namespace LexHeller.Api.Features.Admin;

/// <summary>The <c>/api/v1/admin</c> resource: an association's administration, for administrators. Each slice maps its own route.</summary>
public static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin")
            .WithTags("Administration")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
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
        return group;
    }
}
