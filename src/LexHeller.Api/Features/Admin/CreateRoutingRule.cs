using System.ComponentModel.DataAnnotations;
using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>
/// A new routing rule: which of the association's new reports go to which of its queues, or are
/// forwarded to another association. Criteria left out match anything; the most specific match wins.
/// </summary>
public static class CreateRoutingRule
{
    public const int DescriptionMaxLength = 500;
    public const int DefaultPriority = 100;
    public const int MaxPriority = 9999;

    [Description("A routing rule. Give exactly one target: queueId or forwardToAssociationCode.")]
    public sealed record Command(
        [property: Required, Description("What the rule is for; each routed report's history quotes it (at most 500 characters).")] string? Description,
        [property: Description("Only reports from this area (its code in the association).")] string? AreaCode = null,
        [property: Description("Only reports where an involved party is of this kind.")] PartyKind? PartyKind = null,
        [property: Description("Only reports of this failure category (its code).")] string? Category = null,
        [property: Description("The association's queue that receives the matching reports.")] Guid? QueueId = null,
        [property: Description("Forward the matching reports to this other association instead. Needs at least one criterion.")] string? ForwardToAssociationCode = null,
        [property: Description("Among equally specific matching rules the lowest number wins (0–9999, default 100).")] int? Priority = null)
        : ICommand<Response>, IHaveFreeText, IHaveCodes
    {
        [JsonIgnore]
        public string AssociationCode { get; init; } = "";

        public object WithCanonicalCodes() => this with
        {
            AssociationCode = Codes.Canonical(AssociationCode),
            AreaCode = Codes.Canonical(AreaCode),
            Category = Codes.Canonical(Category),
            ForwardToAssociationCode = Codes.Canonical(ForwardToAssociationCode),
        };

        /// <summary>Every routed report's history quotes the description.</summary>
        public IEnumerable<(string Field, string? Text)> FreeText() => [("description", Description)];

        public bool HasCriteria() => AreaCode is not null || PartyKind is not null || Category is not null;
    }

    public sealed record Response(
        Guid Id, string? AreaCode, PartyKind? PartyKind, string? Category, Guid? QueueId, string? ForwardToAssociationCode,
        int Priority, int Specificity, string Description);

    public sealed class Validator : AbstractValidator<Command>
    {
        private const string QueueOfAssociation = """
            SELECT COUNT(*) FROM queues WHERE id = @QueueId AND association_id = @AssociationId
            """;

        public Validator(IntakeReferenceData referenceData, DbSession session)
        {
            RuleLevelCascadeMode = CascadeMode.Stop;

            // Criteria can only name what intake accepts: the association's areas and the active categories.
            RuleFor(c => c.AreaCode).KebabCaseCode()
                .MustAsync(async (c, code, ct) => code is null || await Association(c, ct) is not { } a || a.AreaIdsByCode.ContainsKey(code))
                .WithMessage(c => $"Unknown area '{c.AreaCode}' in association '{c.AssociationCode}'.");
            RuleFor(c => c.Category).KebabCaseCode()
                .MustAsync(async (c, code, ct) => code is null || await Association(c, ct) is not { } a || a.ActiveCategories.Contains(code))
                .WithMessage(c => $"Unknown category '{c.Category}'.");
            RuleFor(c => c.QueueId)
                .Must((c, id) => (id is null) != (c.ForwardToAssociationCode is null))
                .WithMessage("Give exactly one target: queueId or forwardToAssociationCode.")
                .MustAsync(async (c, id, ct) => id is null || await Association(c, ct) is not { } a || await QueueOfAssociationAsync(id.Value, a.Id, ct))
                .WithMessage(c => $"Queue '{c.QueueId}' is not a queue of association '{c.AssociationCode}'.");
            RuleFor(c => c.ForwardToAssociationCode).KebabCaseCode()
                .Must((c, code) => code != c.AssociationCode).WithMessage("A rule forwards to another association than its own.")
                .MustAsync(async (code, ct) => code is null || await referenceData.FindAsync(code, ct) is not null)
                .WithMessage(c => $"Unknown association '{c.ForwardToAssociationCode}'.")
                .Must((c, code) => code is null || c.HasCriteria())
                .WithMessage("A forwarding rule needs a criterion (areaCode, partyKind or category): what no rule claims stays in the association's default queue.");
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Priority).InclusiveBetween(0, MaxPriority);
            RuleFor(c => c.Description).OneLine(DescriptionMaxLength);

            async ValueTask<AssociationIntake?> Association(Command c, CancellationToken ct) => await referenceData.FindAsync(c.AssociationCode, ct);

            async Task<bool> QueueOfAssociationAsync(Guid queueId, Guid associationId, CancellationToken ct)
            {
                return await session.ScalarAsync<int>(QueueOfAssociation,
                    new { QueueId = queueId, AssociationId = associationId }, ct) > 0;
            }
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, IntakeReferenceData referenceData, TimeProvider time)
        : ICommandHandler<Command, Response>
    {
        private const string EqualRule = """
            SELECT id FROM routing_rules
            WHERE association_id = @AssociationId AND priority = @Priority
              AND ((area_id IS NULL AND @AreaId IS NULL) OR area_id = @AreaId)
              AND ((party_kind IS NULL AND @PartyKind IS NULL) OR party_kind = @PartyKind)
              AND ((category IS NULL AND @Category IS NULL) OR category = @Category)
            """;

        private const string Insert = """
            INSERT INTO routing_rules (id, association_id, area_id, party_kind, category, queue_id, forward_to_association_id, priority, description, created_at)
            VALUES (@Id, @AssociationId, @AreaId, @PartyKind, @Category, @QueueId, @ForwardToAssociationId, @Priority, @Description, @Now)
            """;

        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, command.AssociationCode, cancellationToken);
            var intake = await referenceData.FindAsync(association.Code, cancellationToken)
                ?? throw new NotFoundException($"Association '{association.Code}'");
            var forwardTo = command.ForwardToAssociationCode is { } code
                ? (await referenceData.FindAsync(code, cancellationToken))?.Id ?? throw new NotFoundException($"Association '{code}'")
                : (Guid?)null;

            var now = time.GetUtcNow();
            var rule = new RoutingRule(Guid.CreateVersion7(now), command.AreaCode is null ? null : intake.AreaIdsByCode[command.AreaCode],
                command.PartyKind, command.Category, command.QueueId, forwardTo, command.Priority ?? DefaultPriority);
            var arguments = new
            {
                rule.Id,
                AssociationId = association.Id,
                rule.AreaId,
                PartyKind = rule.PartyKind is { } kind ? Codes.Of(kind) : null,
                rule.Category,
                rule.QueueId,
                rule.ForwardToAssociationId,
                rule.Priority,
                command.Description,
                Now = now,
            };

            if (await session.QueryFirstOrDefaultAsync<Guid?>(EqualRule, arguments, cancellationToken) is { } equal)
            {
                throw new ConflictException("An equal rule exists",
                    $"Rule '{equal}' has the same criteria and priority and, being older, would always decide before this one. Give this rule another priority, or delete that one first.");
            }

            await session.ExecuteAsync(Insert, arguments, cancellationToken);
            var created = new Response(rule.Id, command.AreaCode, rule.PartyKind, rule.Category, rule.QueueId, command.ForwardToAssociationCode,
                rule.Priority, rule.Specificity, command.Description!);
            await AuditLog.RecordAsync(session, callerContext.Caller, association.Id, "routing-rule.created", "routing-rule", rule.Id.ToString(),
                null, created, now, cancellationToken);
            return created;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/associations/{code}/routing-rules", Endpoint)
            .WithName("CreateRoutingRule")
            .WithSummary("New routing rule of an association")
            .WithDescription("Criteria (areaCode, partyKind, category) left out match anything. Exactly one target: a queue of the association, "
                + "or another association to forward to (with at least one criterion). 409 when a rule with the same criteria and priority exists.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Created<Response>> Endpoint(string code, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken)
    {
        var rule = await mediator.Send(command with
        {
            AssociationCode = code,
            AreaCode = command.AreaCode?.Trim(),
            Category = command.Category?.Trim(),
            ForwardToAssociationCode = command.ForwardToAssociationCode?.Trim(),
            Description = command.Description?.Trim(),
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/routing-rules/{rule.Id}", rule);
    }
}
