using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// An association's settings and its two notices (<see cref="GetAssociation"/>), saved with
/// <see cref="UpdateAssociation"/> (every field sent: the merge patch then sets them all).
/// </summary>
public sealed class SettingsModel(IMediator mediator) : AdminPageModel(AdminNavigation.Settings)
{
    public sealed class SettingsInput
    {
        public string? Name { get; set; }
        public string? ReferencePrefix { get; set; }
        public string? AllowsAnonymousIntake { get; set; }
        public string? AnswerDeadlineDays { get; set; }
        public string? SuppressionThreshold { get; set; }
        public string? RecurrenceWindowDays { get; set; }
        public string? RecurrenceThreshold { get; set; }
        public string? AccessibilityStatement { get; set; }
        public string? PersonalDataNotice { get; set; }
    }

    private static readonly FormFields SettingsFields = new(
        new FormField("name", "Input.Name", "Förbundets namn", "Skriv förbundets namn."),
        new FormField("referencePrefix", "Input.ReferencePrefix", "Prefix för referenser", "Skriv ett prefix för förbundets referenser.",
            "Prefixet ska vara 2–6 versaler A–Z eller siffror, till exempel ”HOG”."),
        new FormField("allowsAnonymousIntake", "Input.AllowsAnonymousIntake", "Anonyma anmälningar", "Välj om anmälningar får göras utan inloggning.")
        {
            Anchor = "Input_AllowsAnonymousIntake-yes",
        },
        new FormField("answerDeadlineDays", "Input.AnswerDeadlineDays", "Svarstid för parter", "Skriv svarstiden i dagar.",
            "Svarstiden ska vara ett helt antal dagar från 1 till 365."),
        new FormField("suppressionThreshold", "Input.SuppressionThreshold", "Gräns för att visa antal i statistiken", "Skriv gränsen.",
            "Gränsen ska vara ett heltal från 1 till 50."),
        new FormField("recurrenceWindowDays", "Input.RecurrenceWindowDays", "Tidsfönster för återkommande avvikelser", "Skriv tidsfönstret i dagar.",
            "Tidsfönstret ska vara ett helt antal dagar från 1 till 1095."),
        new FormField("recurrenceThreshold", "Input.RecurrenceThreshold", "Antal som gör ett mönster", "Skriv antalet.",
            "Antalet ska vara ett heltal från 2 till 100."),
        new FormField("accessibilityStatement", "Input.AccessibilityStatement", "Tillgänglighetsredogörelse"),
        new FormField("personalDataNotice", "Input.PersonalDataNotice", "Information om personuppgifter"));

    public const string Yes = "ja";
    public const string No = "nej";

    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var association = await LoadAsync(cancellationToken);
        Input = new SettingsInput
        {
            Name = association.Name,
            ReferencePrefix = association.ReferencePrefix,
            AllowsAnonymousIntake = association.AllowsAnonymousIntake ? Yes : No,
            AnswerDeadlineDays = association.AnswerDeadlineDays.ToString(CultureInfo.InvariantCulture),
            SuppressionThreshold = association.SuppressionThreshold.ToString(CultureInfo.InvariantCulture),
            RecurrenceWindowDays = association.RecurrenceWindowDays.ToString(CultureInfo.InvariantCulture),
            RecurrenceThreshold = association.RecurrenceThreshold.ToString(CultureInfo.InvariantCulture),
            AccessibilityStatement = association.AccessibilityStatement,
            PersonalDataNotice = association.PersonalDataNotice,
        };
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        bool? anonymous = Input.AllowsAnonymousIntake switch
        {
            Yes => true,
            No => false,
            _ => null,
        };
        if (anonymous is null)
            ModelState.AddModelError("Input.AllowsAnonymousIntake", "Välj om anmälningar får göras utan inloggning.");

        var command = new UpdateAssociation.Command
        {
            Code = Code,
            Name = Input.Name?.Trim() ?? "",
            ReferencePrefix = Input.ReferencePrefix?.Trim() ?? "",
            AllowsAnonymousIntake = anonymous,
            AnswerDeadlineDays = Number(Input.AnswerDeadlineDays, "Input.AnswerDeadlineDays"),
            SuppressionThreshold = Number(Input.SuppressionThreshold, "Input.SuppressionThreshold"),
            RecurrenceWindowDays = Number(Input.RecurrenceWindowDays, "Input.RecurrenceWindowDays"),
            RecurrenceThreshold = Number(Input.RecurrenceThreshold, "Input.RecurrenceThreshold"),
            AccessibilityStatement = Input.AccessibilityStatement,
            PersonalDataNotice = Input.PersonalDataNotice,
        };
        return ChangeAsync(SettingsFields, () => mediator.Send(command, cancellationToken).AsTask(),
            "Inställningarna är sparade.", () => LoadAsync(cancellationToken), command);
    }

    /// <summary>A whole number as typed; an error on the field (its rule) when it is missing or cannot be read.</summary>
    private int? Number(string? text, string input)
    {
        if (int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            return number;
        var field = SettingsFields.All.First(field => field.Input == input);
        ModelState.AddModelError(input, string.IsNullOrWhiteSpace(text) ? field.Required! : field.Invalid!);
        return null;
    }

    private async Task<AssociationResponse> LoadAsync(CancellationToken cancellationToken)
    {
        var association = await mediator.Send(new GetAssociation.Query(Code), cancellationToken);
        AssociationName = association.Name;
        return association;
    }
}
