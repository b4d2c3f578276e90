namespace LexHeller.Api.Features.Admin;

/// <summary>One association's settings, for its administrators and the installation administrators.</summary>
public static class GetAssociation
{
    public sealed record Query(string Code) : IQuery<AssociationResponse>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Code).MaximumLength(AdminRules.CodeMaxLength);
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, IConfiguration configuration) : IQueryHandler<Query, AssociationResponse>
    {
        public async ValueTask<AssociationResponse> Handle(Query query, CancellationToken cancellationToken) =>
            await Associations.AdministeredAsync(session, configuration, callerContext.Caller, query.Code, orInstallation: true, cancellationToken);
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}", Endpoint)
            .WithName("GetAssociation")
            .WithSummary("An association's settings")
            .WithDescription("For the association's administrators and the installation administrators.")
            .ProducesValidationProblem();

    public static async Task<Ok<AssociationResponse>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));
}
