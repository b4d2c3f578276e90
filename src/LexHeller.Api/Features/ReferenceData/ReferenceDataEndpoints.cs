namespace LexHeller.Api.Features.ReferenceData;

public static class ReferenceDataEndpoints
{
    public static RouteGroupBuilder MapReferenceData(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/reference-data").WithTags("Reference data").AllowAnonymous();
        GetReferenceData.Map(group);
        return group;
    }
}
