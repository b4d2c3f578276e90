namespace LexHeller.Api.Features.Referrals;

public static class ReferralsEndpoints
{
    /// <summary>The parties' side: referrals to the caller's parties and their answers.</summary>
    public static RouteGroupBuilder MapReferrals(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/referrals").WithTags("Referrals").RequireAuthorization(Policies.Responder)
            .ProducesAccessProblems();

        GetReferrals.Map(group);
        GetReferral.Map(group);
        AnswerReferral.Map(group);
        GetReferralTemplates.Map(group);
        DeclineReferral.Map(group);
        return group;
    }
}
