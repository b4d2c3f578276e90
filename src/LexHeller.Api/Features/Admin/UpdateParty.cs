using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>Changes a party's kind, name, unit or manager contact, as a JSON merge patch.</summary>
public static class UpdateParty
{
    [Description("What to change. A field left out stays as it is; \"unit\": null clears the unit.")]
    public sealed record Command : ICommand<PartyResponse>, IHaveFreeText
    {
        private readonly string? _unit;
        private readonly string? _managerEmail;

        [JsonIgnore]
        public Guid Id { get; init; }

        [Description("What kind of organisation the party is.")]
        public PartyKind? Kind { get; init; }

        [Description("Unique within the association (at most 200 characters).")]
        public string? Name { get; init; }

        [Description("The unit within the organisation (at most 200 characters); null clears it.")]
        public string? Unit
        {
            get => _unit;
            init
            {
                _unit = value;
                ChangesUnit = true;
            }
        }

        [JsonIgnore]
        public bool ChangesUnit { get; private init; }

        [Description("The party's manager contact, told once of a long-overdue referral (one bare address); null clears it.")]
        public string? ManagerEmail
        {
            get => _managerEmail;
            init
            {
                _managerEmail = value;
                ChangesManagerEmail = true;
            }
        }

        [JsonIgnore]
        public bool ChangesManagerEmail { get; private init; }

        public IEnumerable<(string Field, string? Text)> FreeText() => [("name", Name), ("unit", Unit)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).DisplayName().When(c => c.Name is not null);
            RuleFor(c => c.Unit).MaximumLength(CreateParty.UnitMaxLength)
                .Must(text => text is null || !text.Any(char.IsControl)).WithMessage("'{PropertyName}' must be one line without control characters.");
            RuleFor(c => c.ManagerEmail).BareEmailAddress();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, PartyResponse>
    {
        private const string Update = "UPDATE parties SET kind = @Kind, name = @Name, unit = @Unit, manager_email = @ManagerEmail WHERE id = @Id";

        public async ValueTask<PartyResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var associationId = await AdminAccess.PartyAsync(session, callerContext.Caller, command.Id, cancellationToken);
            var before = await PartyResponse.FindAsync(session, command.Id, cancellationToken) ?? throw new NotFoundException($"Party '{command.Id}'");
            var after = before with
            {
                Kind = command.Kind ?? before.Kind,
                Name = command.Name ?? before.Name,
                Unit = command.ChangesUnit ? Associations.TextOrNull(command.Unit) : before.Unit,
                ManagerEmail = command.ChangesManagerEmail ? Associations.TextOrNull(command.ManagerEmail) : before.ManagerEmail,
            };
            if (after == before)
                return before;

            try
            {
                await session.ExecuteAsync(Update, new { after.Id, Kind = Codes.Of(after.Kind), after.Name, after.Unit, after.ManagerEmail }, cancellationToken);
            }
            catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw PartyResponse.NameTaken(after.Name);
            }

            await AuditLog.RecordAsync(session, callerContext.Caller, associationId, "party.updated", "party", before.Id.ToString(), before, after, time.GetUtcNow(), cancellationToken);
            return after;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPatch("/parties/{id:guid}", Endpoint)
            .WithName("UpdateParty")
            .WithSummary("Change a party's kind, name, unit or manager contact")
            .WithDescription("A JSON merge patch: a field left out stays as it is; \"unit\": null clears the unit. 409 when the name is taken.")
            .Accepts<Command>("application/json", "application/merge-patch+json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Ok<PartyResponse>> Endpoint(Guid id, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command.ChangesManagerEmail
            ? command with { Id = id, Name = command.Name?.Trim(), Unit = command.Unit?.Trim(), ManagerEmail = EmailRules.Normalize(command.ManagerEmail) }
            : command with { Id = id, Name = command.Name?.Trim(), Unit = command.Unit?.Trim() }, cancellationToken));
}
