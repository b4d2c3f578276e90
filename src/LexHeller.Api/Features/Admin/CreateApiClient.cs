using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>
/// A new API key for a party's own system (an integration partner): it files reports for that party
/// in this association. The key is in this answer only; the service keeps its SHA-256.
/// </summary>
public static class CreateApiClient
{
    [Description("An integration partner's API key.")]
    public sealed record Command(
        [property: Required, Description("What the key is for, e.g. 'Treserva, Nässjö kommun' (at most 200 characters).")] string? Name,
        [property: Required, Description("The party whose system files reports with the key: one of the association's parties.")] Guid? PartyId)
        : ICommand<Response>, IHaveFreeText
    {
        [JsonIgnore]
        public string AssociationCode { get; init; } = "";

        /// <summary>The name is shown as the actor of what the key does.</summary>
        public IEnumerable<(string Field, string? Text)> FreeText() => [("name", Name)];
    }

    public sealed record Response(
        [property: Description("The key's id, to revoke it.")] Guid Id,
        string Name,
        ListApiClients.PartyReference Party,
        [property: Description("The key, for the X-Api-Key header. Shown in this answer only: store it now.")] string Key,
        DateTimeOffset CreatedAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Name).DisplayName();
            RuleFor(c => c.PartyId).NotNull();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, Response>
    {
        private const string Party = "SELECT id, name FROM parties WHERE id = @PartyId AND association_id = @AssociationId";

        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, command.AssociationCode, cancellationToken);

            var party = await session.QuerySingleOrDefaultAsync<ListApiClients.PartyReference>(Party,
                new { command.PartyId, AssociationId = association.Id }, cancellationToken)
                ?? throw new UnprocessableException("Unknown party", $"Party '{command.PartyId}' is not a party of association '{association.Code}'.");

            var now = time.GetUtcNow();
            var key = ApiClients.NewKey();
            var id = await ApiClients.InsertAsync(session, association.Id, party.Id, command.Name!, key, now, cancellationToken);
            // Never the key itself: only what names it.
            await AuditLog.RecordAsync(session, callerContext.Caller, association.Id, "api-client.created", "api-client", id.ToString(),
                null, new { id, name = command.Name, partyId = party.Id, createdAt = now }, now, cancellationToken);
            return new Response(id, command.Name!, party, key, now);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/associations/{code}/api-clients", Endpoint)
            .WithName("CreateApiClient")
            .WithSummary("New API key for a party's system")
            .WithDescription("The answer holds the key, once: only its SHA-256 is stored. The key files reports for the party in this association "
                + "(X-Api-Key header) and is rate limited per key.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Created<Response>> Endpoint(string code, [FromBody] Command command, IMediator mediator, HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var client = await mediator.Send(command with { AssociationCode = code, Name = command.Name?.Trim() }, cancellationToken);
        // The key is a secret: no cache may keep this answer.
        httpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/v1/admin/api-clients/{client.Id}", client);
    }
}
