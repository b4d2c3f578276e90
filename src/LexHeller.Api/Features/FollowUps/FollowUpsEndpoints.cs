namespace LexHeller.Api.Features.FollowUps;

public static class FollowUpsEndpoints
{
    /// <summary>Structural follow-ups: opened by triagers, changed by the owner group, read by triagers and analysts.</summary>
    public static RouteGroupBuilder MapFollowUps(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/follow-ups").WithTags("Follow-ups").RequireAuthorization(Policies.Insight)
            .ProducesAccessProblems();

        CreateFollowUp.Map(group);
        ListFollowUps.Map(group);
        GetFollowUp.Map(group);
        UpdateFollowUp.Map(group);
        return group;
    }
}
