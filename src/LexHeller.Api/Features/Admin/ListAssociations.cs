namespace LexHeller.Api.Features.Admin;

/// <summary>The associations the caller may see here: all for an installation administrator, else those they administer.</summary>
public static class ListAssociations
{
    public sealed record Query : IQuery<Response>;

    public sealed record Response(IReadOnlyList<AssociationResponse> Associations);

    public sealed class Handler(DbSession session, CallerContext callerContext, IConfiguration configuration) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            if (await InstallationAdministration.IsAsync(session, configuration, caller, cancellationToken))
                return new Response(await Associations.ListAsync(session, cancellationToken));
            // The associations the caller administers, as the data grants it (ADR 13); someone who administers none is refused.
            var administered = (await MemberGrants.LoadAsync(session, caller, cancellationToken)).AssociationsWhere(Roles.Admin);
            if (administered.Count == 0)
                throw new ForbiddenException("Only administrators may list associations.");
            return new Response([.. (await Associations.ListAsync(session, cancellationToken)).Where(association => administered.Contains(association.Id))]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations", Endpoint)
            .WithName("ListAssociations")
            .WithSummary("The associations the caller administers")
            .WithDescription("An installation administrator sees every association; an administrator those they administer.");

    public static async Task<Ok<Response>> Endpoint(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(), cancellationToken));
}
