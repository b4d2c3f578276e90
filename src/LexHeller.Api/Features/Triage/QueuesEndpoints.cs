namespace LexHeller.Api.Features.Triage;

public static class QueuesEndpoints
{
    /// <summary>The <c>/api/v1/queues</c> resource: the steering groups' queues and the reports in them.</summary>
    public static RouteGroupBuilder MapQueues(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/queues").WithTags("Triage").RequireAuthorization(Policies.Triage)
            .ProducesAccessProblems();

        GetMyQueues.Map(group);
        GetQueueReports.Map(group);
        return group;
    }
}
