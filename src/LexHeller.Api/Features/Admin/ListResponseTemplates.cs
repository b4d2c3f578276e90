namespace LexHeller.Api.Features.Admin;

/// <summary>The association's response templates, by purpose and category.</summary>
public static class ListResponseTemplates
{
    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record Response(string AssociationCode, string AssociationName, IReadOnlyList<ResponseTemplates.Template> Templates);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);
            return new Response(association.Code, association.Name, await ResponseTemplates.ListAsync(session, association.Id, cancellationToken));
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/response-templates", Endpoint)
            .WithName("ListResponseTemplates")
            .WithSummary("An association's response templates")
            .WithDescription("By purpose, category (none: every category) and title.");

    public static async Task<Ok<Response>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));
}
