using LexHeller.Api.Features.Admin;
using LexHeller.Api.Features.ReferenceData;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// An association's routing rules in the order routing weighs them (<see cref="ListRoutingRules"/>): a new
/// rule (<see cref="CreateRoutingRule"/>), removing one (<see cref="DeleteRoutingRule"/>), and the preview
/// (<see cref="PreviewRouting"/>): where a report from an area, with these parties and this category, would go, and why.
/// </summary>
public sealed class RoutingModel(IMediator mediator) : AdminPageModel(AdminNavigation.Routing)
{
    /// <summary>A target as the form's one list offers it: a queue, or another association to forward to.</summary>
    public const string QueueTarget = "queue:";
    public const string ForwardTarget = "forward:";

    public sealed class RuleInput
    {
        public string? Description { get; set; }
        public string? AreaCode { get; set; }
        public string? PartyKind { get; set; }
        public string? Category { get; set; }
        public string? Target { get; set; }
        public string? Priority { get; set; }
    }

    private const string TargetRule = "Välj en kö, eller ett annat förbund att lämna över till. En regel som lämnar över behöver minst ett villkor: område, part eller kategori.";

    private static readonly FormFields RuleFields = new(
        new FormField("description", "Rule.Description", "Beskrivning", "Skriv vad regeln är till för."),
        new FormField("areaCode", "Rule.AreaCode", "Område", Invalid: "Välj ett av förbundets områden."),
        new FormField("partyKind", "Rule.PartyKind", "Part", Invalid: "Välj ett slag av part i listan."),
        new FormField("category", "Rule.Category", "Kategori", Invalid: "Välj en kategori i listan."),
        new FormField("queueId", "Rule.Target", "Vart avvikelserna går", TargetRule, TargetRule),
        new FormField("forwardToAssociationCode", "Rule.Target", "Vart avvikelserna går", TargetRule, TargetRule),
        new FormField("priority", "Rule.Priority", "Prioritet", Invalid: "Prioriteten ska vara ett heltal från 0 till 9999."));

    private static readonly FormFields DeleteFields = new(new FormField("id", "ruleId", "Regel"));

    private static readonly FormFields PreviewFields = new(
        new FormField("areaCode", "omrade", "Område", "Välj vilket område avvikelsen gäller.", "Välj ett av förbundets områden."),
        new FormField("partyKinds", "part", "Parter där samverkan brast", Invalid: "Välj parter i listan.") { Anchor = "part-0" },
        new FormField("category", "kategori", "Kategori", "Välj avvikelsens kategori.", "Välj en kategori i listan."));

    public IReadOnlyList<ListRoutingRules.Rule> Rules { get; private set; } = [];

    public IReadOnlyList<ListQueues.Queue> Queues { get; private set; } = [];

    public GetReferenceData.Association Association { get; private set; } = null!;

    public IReadOnlyList<GetReferenceData.Association> OtherAssociations { get; private set; } = [];

    public IReadOnlyList<GetReferenceData.Category> Categories { get; private set; } = [];

    [BindProperty]
    public RuleInput Rule { get; set; } = new() { Priority = CreateRoutingRule.DefaultPriority.ToString(CultureInfo.InvariantCulture) };

    /// <summary>The preview's question, from the address (a GET form): area, party kinds and category.</summary>
    [BindProperty(SupportsGet = true, Name = "omrade")]
    public string? PreviewArea { get; set; }

    [BindProperty(SupportsGet = true, Name = "part")]
    public List<string> PreviewPartyKinds { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "kategori")]
    public string? PreviewCategory { get; set; }

    /// <summary>The preview's answer, when one was asked for and could be given.</summary>
    public PreviewRouting.Response? Preview { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (PreviewArea is null && PreviewCategory is null)
            return;

        Fields = PreviewFields;
        try
        {
            Preview = await mediator.Send(new PreviewRouting.Query(Code, Blank(PreviewArea), PreviewPartyKinds, Blank(PreviewCategory)), cancellationToken);
        }
        catch (ValidationException exception) when (FormErrors.TryAdd(ModelState, exception, Fields))
        {
            // The errors are shown next to the preview's fields.
        }
    }

    public Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var target = Rule.Target ?? "";
        var command = new CreateRoutingRule.Command(
            Rule.Description?.Trim(),
            Blank(Rule.AreaCode),
            Codes.TryParse<PartyKind>(Rule.PartyKind, out var kind) ? kind : null,
            Blank(Rule.Category),
            target.StartsWith(QueueTarget, StringComparison.Ordinal) ? ParseGuid(target[QueueTarget.Length..]) : null,
            target.StartsWith(ForwardTarget, StringComparison.Ordinal) ? Blank(target[ForwardTarget.Length..]) : null,
            ParsePriority())
        {
            AssociationCode = Code,
        };
        if (!string.IsNullOrEmpty(Rule.PartyKind) && command.PartyKind is null)
            ModelState.AddModelError("Rule.PartyKind", "Välj ett slag av part i listan.");
        return ChangeAsync(RuleFields, () => mediator.Send(command, cancellationToken).AsTask(),
            $"Regeln ”{command.Description}” är skapad.", () => LoadAsync(cancellationToken), command,
            new Dictionary<string, (string, string)>
            {
                ["An equal rule exists"] = ("Rule.Priority",
                    "Det finns redan en regel med samma villkor och samma prioritet. Ge den nya regeln en annan prioritet, eller ta bort den andra regeln först."),
            });
    }

    public Task<IActionResult> OnPostDeleteAsync(Guid ruleId, CancellationToken cancellationToken) =>
        ChangeAsync(DeleteFields, () => mediator.Send(new DeleteRoutingRule.Command(ruleId), cancellationToken).AsTask(),
            "Regeln är borttagen.", () => LoadAsync(cancellationToken), conflicts: new Dictionary<string, (string, string)>
            {
                ["The association's last default rule"] = ("",
                    "Regeln går inte att ta bort: den är förbundets enda standardregel (utan villkor, till en kö). Varje förbund behöver en kö för de avvikelser som ingen annan regel tar. Lägg först till en annan standardregel."),
            });

    /// <summary>A rule's criteria in Swedish: "område Eksjö, part Region (hälso- och sjukvård)", or that it has none.</summary>
    public string Criteria(ListRoutingRules.Rule rule)
    {
        var criteria = new List<string>();
        if (rule.Area is { } area)
            criteria.Add($"område {area.Name}");
        if (rule.PartyKind is { } kind)
            criteria.Add($"part {Swedish.PartyKind(kind)}");
        if (rule.Category is { } category)
            criteria.Add($"kategori {CategoryLabel(category)}");
        return criteria.Count == 0 ? "Inga villkor (standardregel)" : string.Join(", ", criteria);
    }

    public string Target(ListRoutingRules.Rule rule) =>
        rule.Queue is { } queue ? $"Kön {queue.Name}" : $"Lämnas över till {rule.ForwardTo?.Name}";

    public string CategoryLabel(string code) => Categories.FirstOrDefault(category => category.Code == code)?.Label ?? code;

    public string AreaName(string code) => Association.Areas.FirstOrDefault(area => area.Code == code)?.Name ?? code;

    /// <summary>Why a rule that also matched lost to the one that decides, in Swedish.</summary>
    public static string LostBecause(PreviewRouting.LosingRule losing, ListRoutingRules.Rule chosen) => losing.LostBy switch
    {
        PreviewRouting.LostBySpecificity =>
            $"Den avgörande regeln har fler villkor ({chosen.Specificity} mot {losing.Rule.Specificity}).",
        PreviewRouting.LostByPriority =>
            $"Lika många villkor, men den avgörande regeln har lägre prioritetsnummer ({chosen.Priority} mot {losing.Rule.Priority}).",
        _ => "Lika många villkor och samma prioritet: då avgör en fast ordning mellan reglerna (deras id).",
    };

    private int? ParsePriority()
    {
        if (string.IsNullOrWhiteSpace(Rule.Priority))
            return null;
        if (int.TryParse(Rule.Priority.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var priority))
            return priority;
        ModelState.AddModelError("Rule.Priority", "Prioriteten ska vara ett heltal från 0 till 9999.");
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var rules = await mediator.Send(new ListRoutingRules.Query(Code), cancellationToken);
        AssociationName = rules.AssociationName;
        Rules = rules.Rules;
        Queues = (await mediator.Send(new ListQueues.Query(Code), cancellationToken)).Queues;
        var referenceData = await mediator.Send(new GetReferenceData.Query(), cancellationToken);
        Association = referenceData.Associations.Single(association => association.Code == rules.AssociationCode);
        OtherAssociations = [.. referenceData.Associations.Where(association => association.Code != rules.AssociationCode)];
        // The national categories and the association's own: a rule and the preview may name either.
        Categories = Association.Categories;
    }
}
