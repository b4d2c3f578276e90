using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Admin;

/// <summary>
/// Where would a new report from this area, with these kinds of involved parties and this category, go,
/// and why: the association's rules weighed by <see cref="Router.Choose"/>, as intake weighs them
/// (<see cref="ReportRouting"/>), without filing anything. Besides the rule that decides, the rules that
/// also matched are listed, each with what made it lose.
/// </summary>
public static class PreviewRouting
{
    public const string OutcomeQueue = "queue";
    public const string OutcomeForward = "forward";
    public const string OutcomeUnrouted = "unrouted";

    /// <summary>The deciding rule names more criteria than the one that lost.</summary>
    public const string LostBySpecificity = "specificity";

    /// <summary>As specific, but the deciding rule has the lower priority number.</summary>
    public const string LostByPriority = "priority";

    /// <summary>As specific and the same priority: the rule with the lower id decides, so that the choice never depends on storage order.</summary>
    public const string LostById = "id";

    public sealed record Query(string AssociationCode, string? AreaCode, IReadOnlyList<string> PartyKinds, string? Category) : IQuery<Response>, IHaveCodes
    {
        public object WithCanonicalCodes() => this with
        {
            AssociationCode = Codes.Canonical(AssociationCode),
            AreaCode = Codes.Canonical(AreaCode),
            PartyKinds = [.. PartyKinds.Select(kind => Codes.Canonical(kind))],
            Category = Codes.Canonical(Category),
        };
    }

    public sealed record LosingRule(
        ListRoutingRules.Rule Rule,
        [property: Description("Why the chosen rule decided before this one: specificity (it names more criteria), priority (as specific, lower number), id (as specific, same priority: the lower id decides).")]
        string LostBy);

    public sealed record Response(
        string AssociationCode,
        string AreaCode,
        IReadOnlyList<PartyKind> PartyKinds,
        string Category,
        [property: Description("queue (the report would go to a queue of the association), forward (to another association) or unrouted (no rule matches: it would stay without a queue).")]
        string Outcome,
        ListRoutingRules.QueueReference? Queue,
        ListRoutingRules.CodeAndName? ForwardTo,
        [property: Description("The rule that decides; none when no rule matches.")] ListRoutingRules.Rule? ChosenRule,
        [property: Description("The other rules that match, in the order routing weighs them, each with why it lost.")] IReadOnlyList<LosingRule> AlsoMatched);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IntakeReferenceData referenceData)
        {
            RuleLevelCascadeMode = CascadeMode.Stop;

            RuleFor(q => q.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(q => q.AreaCode).NotEmpty().KebabCaseCode()
                .MustAsync(async (q, code, ct) => await referenceData.FindAsync(q.AssociationCode, ct) is not { } a || a.AreaIdsByCode.ContainsKey(code!))
                .WithMessage(q => $"Unknown area '{q.AreaCode}' in association '{q.AssociationCode}'.");
            RuleFor(q => q.Category).NotEmpty().KebabCaseCode()
                .MustAsync(async (q, code, ct) => await referenceData.FindAsync(q.AssociationCode, ct) is not { } a || a.ActiveCategories.Contains(code!))
                .WithMessage(q => $"Unknown category '{q.Category}'.");
            RuleFor(q => q.PartyKinds)
                .Must(kinds => kinds.Count <= Enum.GetValues<PartyKind>().Length * 2)
                .WithMessage("'{PropertyName}' names too many party kinds.");
            RuleForEach(q => q.PartyKinds)
                .Must(kind => Codes.TryParse<PartyKind>(kind, out _))
                .WithMessage("'{PropertyValue}' is not a party kind.");
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, IntakeReferenceData referenceData) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);
            var intake = await referenceData.FindAsync(association.Code, cancellationToken)
                ?? throw new NotFoundException($"Association '{association.Code}'");

            var kinds = query.PartyKinds.Select(Codes.Parse<PartyKind>).ToHashSet();
            var report = new RoutedReport(intake.AreaIdsByCode[query.AreaCode!], kinds, query.Category!);
            var rules = await ListRoutingRules.Handler.InWeighingOrderAsync(session, association.Id, cancellationToken);

            // The same choice as intake makes: a report filed here (not forwarded in) may be forwarded.
            var chosen = Router.Choose(rules.Select(rule => rule.Weighed), report);
            var ordered = kinds.Order().ToList();
            if (chosen is null)
                return new Response(association.Code, query.AreaCode!, ordered, query.Category!, OutcomeUnrouted, null, null, null, []);

            var decided = rules.Single(rule => rule.Weighed.Id == chosen.Id).Listed;
            var losing = rules
                .Where(rule => rule.Weighed.Id != chosen.Id && rule.Weighed.Matches(report))
                .Select(rule => new LosingRule(rule.Listed, LostBy(chosen, rule.Weighed)))
                .ToList();
            return new Response(association.Code, query.AreaCode!, ordered, query.Category!,
                chosen.QueueId is not null ? OutcomeQueue : OutcomeForward, decided.Queue, decided.ForwardTo, decided, losing);
        }

        private static string LostBy(RoutingRule chosen, RoutingRule other) =>
            other.Specificity < chosen.Specificity ? LostBySpecificity
            : other.Priority > chosen.Priority ? LostByPriority
            : LostById;
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/routing-preview", Endpoint)
            .WithName("PreviewRouting")
            .WithSummary("Which queue a new report would go to, and why")
            .WithDescription("Weighs the association's routing rules exactly as intake does, without filing anything: the rule that decides "
                + "(the most specific match, then the lowest priority number, then the lowest id), its queue or the association it forwards to, "
                + "and the other rules that also match with why each lost. outcome is unrouted when no rule matches. "
                + "partyKinds may be repeated or comma-separated; none means no involved party of a kind a rule asks for.")
            .ProducesValidationProblem();

    public static async Task<Ok<Response>> Endpoint(string code, string? areaCode, string[]? partyKinds, string? category, IMediator mediator,
        CancellationToken cancellationToken)
    {
        var kinds = (partyKinds ?? [])
            .SelectMany(kind => kind.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        return TypedResults.Ok(await mediator.Send(new Query(code, areaCode?.Trim(), kinds, category?.Trim()), cancellationToken));
    }
}
