using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>A new party of an association: an organisation whose staff report, and answer the referrals to it.</summary>
public static class CreateParty
{
    public const int UnitMaxLength = 200;

    [Description("A party of the association.")]
    public sealed record Command(
        [property: Required, Description("What kind of organisation the party is.")] PartyKind? Kind,
        [property: Required, Description("Unique within the association (at most 200 characters).")] string? Name,
        [property: Description("The unit within the organisation (at most 200 characters).")] string? Unit = null,
        [property: Description("The party's designated manager contact: told once when a referral to the party is overdue by Notifications:EscalateAfterDaysOverdue days. One bare address.")] string? ManagerEmail = null)
        : ICommand<PartyResponse>, IHaveFreeText
    {
        [JsonIgnore]
        public string AssociationCode { get; init; } = "";

        public IEnumerable<(string Field, string? Text)> FreeText() => [("name", Name), ("unit", Unit)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Kind).NotNull();
            RuleFor(c => c.Name).DisplayName();
            RuleFor(c => c.Unit).OneLine(UnitMaxLength).When(c => c.Unit is not null);
            RuleFor(c => c.ManagerEmail).BareEmailAddress();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, PartyResponse>
    {
        private const string Insert = "INSERT INTO parties (id, association_id, kind, name, unit, manager_email) VALUES (@Id, @AssociationId, @Kind, @Name, @Unit, @ManagerEmail)";

        public async ValueTask<PartyResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, command.AssociationCode, cancellationToken);

            var now = time.GetUtcNow();
            var party = new PartyResponse(Guid.CreateVersion7(now), command.Kind!.Value, command.Name!, Associations.TextOrNull(command.Unit),
                Associations.TextOrNull(command.ManagerEmail));
            try
            {
                await session.ExecuteAsync(Insert,
                    new { party.Id, AssociationId = association.Id, Kind = Codes.Of(party.Kind), party.Name, party.Unit, party.ManagerEmail }, cancellationToken);
            }
            catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw PartyResponse.NameTaken(party.Name);
            }

            await AuditLog.RecordAsync(session, callerContext.Caller, association.Id, "party.created", "party", party.Id.ToString(), null, party, now, cancellationToken);
            return party;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/associations/{code}/parties", Endpoint)
            .WithName("CreateParty")
            .WithSummary("New party of an association")
            .WithDescription("The name is unique within the association (409 otherwise). Members act for it (PUT …/members/{email}) "
                + "and its contact persons answer its referrals.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Created<PartyResponse>> Endpoint(string code, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken)
    {
        var party = await mediator.Send(command with { AssociationCode = code, Name = command.Name?.Trim(), Unit = command.Unit?.Trim(),
            ManagerEmail = EmailRules.Normalize(command.ManagerEmail) }, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/parties/{party.Id}", party);
    }
}

/// <summary>A party as the administration API shows it.</summary>
public sealed record PartyResponse(Guid Id, PartyKind Kind, string Name, string? Unit,
    [property: Description("The party's manager contact, told once of a long-overdue referral; null when none is set.")] string? ManagerEmail = null)
{
    public static ConflictException NameTaken(string name) => new("Name taken", $"The association already has a party named '{name}'.");

    public static async Task<IReadOnlyList<PartyResponse>> ListAsync(DbSession session, Guid associationId, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<Row>("SELECT id, kind, name, unit, manager_email FROM parties WHERE association_id = @AssociationId ORDER BY name COLLATE Finnish_Swedish_100_CI_AS",
            new { AssociationId = associationId }, cancellationToken)).Select(row => row.ToResponse())];

    public static async Task<PartyResponse?> FindAsync(DbSession session, Guid id, CancellationToken cancellationToken) =>
        (await session.QuerySingleOrDefaultAsync<Row>("SELECT id, kind, name, unit, manager_email FROM parties WHERE id = @Id",
            new { Id = id }, cancellationToken))?.ToResponse();

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Unit { get; init; }
        public string? ManagerEmail { get; init; }

        public PartyResponse ToResponse() => new(Id, Codes.Parse<PartyKind>(Kind), Name, Unit, ManagerEmail);
    }
}
