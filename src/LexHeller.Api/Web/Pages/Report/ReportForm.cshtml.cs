using LexHeller.Api.Features.ReferenceData;
using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Report;

/// <summary>
/// Anmälan: the report form. It files through <see cref="SubmitReport.Command"/>, as the API does, with
/// an idempotency key made when the form was shown, so a double click or a resubmitted page files once.
/// </summary>
public sealed class ReportFormModel(IMediator mediator, TimeProvider time, PageAssociation pageAssociation) : WebPageModel(FormFields)
{
    public sealed class ReportInput
    {
        public string? AssociationCode { get; set; }
        public string? AreaCode { get; set; }
        public string? EventDate { get; set; }
        public string? Kind { get; set; }
        public string? ReporterPartyId { get; set; }
        public List<string> InvolvedPartyIds { get; set; } = [];
        public string? SuggestedCategory { get; set; }
        public string? Description { get; set; }
        public string? Consequence { get; set; }
        public string? ActionsTaken { get; set; }
        public string? SuggestedImprovement { get; set; }
        public string? AffectedGender { get; set; }
        public string? ContactName { get; set; }
        public string? ContactRole { get; set; }
        public string? ContactEmail { get; set; }
        public string? ContactPhone { get; set; }
        public bool AnonymousToParties { get; set; }
        public string? IdempotencyKey { get; set; }
    }

    public static FormFields FormFields { get; } = new(
        new FormField("associationCode", "Input.AssociationCode", "Samordningsförbund", "Välj samordningsförbund.", "Välj ett samordningsförbund i listan."),
        new FormField("areaCode", "Input.AreaCode", "Område", "Välj i vilket område det hände.", "Välj ett område i listan."),
        new FormField("eventDate", "Input.EventDate", "Datum", "Ange vilket datum det hände.",
            "Datumet måste vara mellan 1 januari 2000 och i dag."),
        new FormField("kind", "Input.Kind", "Inträffat eller risk", "Välj om det har inträffat eller var en risk.") { Anchor = "Input_Kind_occurred" },
        new FormField("reporterPartyId", "Input.ReporterPartyId", "Din organisation", "Välj vilken organisation du arbetar för.",
            "Välj din organisation bland förbundets parter."),
        new FormField("involvedPartyIds", "Input.InvolvedPartyIds", "Parter där samverkan brast", "Välj minst en part där samverkan brast.",
            "Välj högst tio parter bland förbundets parter, var och en en gång.") { Anchor = "Input_InvolvedPartyIds_0" },
        new FormField("suggestedCategory", "Input.SuggestedCategory", "Kategori", "Välj den kategori som passar bäst.",
            "Välj en kategori i listan.") { Anchor = "Input_SuggestedCategory_0" },
        new FormField("description", "Input.Description", "Vad hände?", "Beskriv vad som hände."),
        new FormField("consequence", "Input.Consequence", "Vad blev följden för personen?", "Beskriv vad det fick för följder för personen."),
        new FormField("actionsTaken", "Input.ActionsTaken", "Vad har redan gjorts?"),
        new FormField("suggestedImprovement", "Input.SuggestedImprovement", "Hur kan det bli bättre?"),
        new FormField("affectedGender", "Input.AffectedGender", "Personens kön"),
        new FormField("reporter.name", "Input.ContactName", "Ditt namn"),
        new FormField("reporter.role", "Input.ContactRole", "Din roll"),
        new FormField("reporter", "Input.ContactEmail", "Kontaktuppgifter", Invalid: "Ange e-postadress eller telefonnummer, så att styrgruppen kan nå dig."),
        new FormField("reporter.email", "Input.ContactEmail", "E-post"),
        new FormField("reporter.phone", "Input.ContactPhone", "Telefon", Invalid: "Telefonnumret får bara innehålla siffror, mellanslag, +, - och parenteser."));


    [BindProperty]
    public ReportInput Input { get; set; } = new();

    public GetReferenceData.Response ReferenceData { get; private set; } = null!;

    /// <summary>The association the form is for; null until one is chosen.</summary>
    public GetReferenceData.Association? Association { get; private set; }

    /// <summary>Set once the report is filed: the page then shows the receipt's link and code.</summary>
    public SubmitReport.Response? Filed { get; private set; }

    public DateOnly Today => Infrastructure.SwedishCalendar.Today(time);

    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    /// <summary>The parties a signed-in reporter files as; null for everyone else (who may choose any party).</summary>
    public IReadOnlySet<Guid>? ReporterParties { get; private set; }

    /// <summary>The associations the form offers: a signed-in reporter's own (where they act for a party), else all.</summary>
    public IReadOnlyList<GetReferenceData.Association> Associations { get; private set; } = [];

    /// <summary>The parties offered as the reporter's own organisation: a signed-in reporter's own parties, else all of the association's.</summary>
    public IReadOnlyList<GetReferenceData.Party> ReporterPartyChoices =>
        Association is null ? [] : [.. Association.Parties.Where(party => ReporterParties?.Contains(party.Id) ?? true)];

    public async Task OnGetAsync([FromQuery(Name = "forbund")] string? associationCode, CancellationToken cancellationToken)
    {
        await LoadAsync(associationCode, offeredOnly: true, cancellationToken);
        Input = new ReportInput
        {
            AssociationCode = Association?.Code,
            // A signed-in reporter who acts for one party of the association has nothing to choose.
            ReporterPartyId = ReporterParties is not null && ReporterPartyChoices is [var only] ? only.Id.ToString() : null,
            IdempotencyKey = Guid.NewGuid().ToString("N"),
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The association posted, even one not offered: the page then says why the report was refused.
        await LoadAsync(Input.AssociationCode, offeredOnly: false, cancellationToken);
        var command = ToCommand();
        try
        {
            return await SubmitAsync(async () =>
            {
                var result = await mediator.Send(command, cancellationToken);
                Filed = result.Response;
                ModelState.Clear();
                return Page();
            }, () => Task.CompletedTask, command);
        }
        catch (AuthenticationRequiredException)
        {
            ModelState.AddModelError("", "Det här förbundet tar bara emot avvikelser från inloggade. Logga in och skicka sedan igen: det du skrivit finns kvar här.");
            return Page();
        }
        catch (ForbiddenException) when (ReporterParties is { Count: > 0 })
        {
            ModelState.AddModelError("Input.ReporterPartyId",
                "Du kan bara lämna avvikelser för en organisation som du företräder, i ett förbund där den är part. Välj din organisation i listan.");
            return Page();
        }
        catch (ForbiddenException)
        {
            ModelState.AddModelError("", "Ditt konto har inte behörighet att lämna avvikelser. Logga ut och lämna avvikelsen utan inloggning, eller kontakta förbundets administratör.");
            return Page();
        }
    }

    private async Task LoadAsync(string? associationCode, bool offeredOnly, CancellationToken cancellationToken)
    {
        ReferenceData = await mediator.Send(new GetReferenceData.Query(), cancellationToken);
        ReporterParties = (await mediator.Send(new GetReporterParties.Query(), cancellationToken)).PartyIds;
        Associations = [.. ReferenceData.Associations.Where(a => ReporterParties is null || a.Parties.Any(party => ReporterParties.Contains(party.Id)))];
        Association = (offeredOnly ? Associations : ReferenceData.Associations)
            .FirstOrDefault(a => string.Equals(a.Code, associationCode, StringComparison.OrdinalIgnoreCase))
            ?? (Associations.Count == 1 ? Associations[0] : null);
        if (Association is not null)
            pageAssociation.Set(Association.Code, Association.Name);
    }

    private SubmitReport.Command ToCommand()
    {
        DateOnly? eventDate = null;
        if (!string.IsNullOrWhiteSpace(Input.EventDate))
        {
            if (DateOnly.TryParseExact(Input.EventDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                eventDate = date;
            else
                ModelState.AddModelError("Input.EventDate", "Skriv datumet som år-månad-dag, till exempel 2026-11-03.");
        }

        var contactGiven = new[] { Input.ContactName, Input.ContactRole, Input.ContactEmail, Input.ContactPhone }.Any(text => !string.IsNullOrWhiteSpace(text));
        var command = new SubmitReport.Command(
            Input.AssociationCode,
            Input.AreaCode,
            eventDate,
            Codes.TryParse<ReportKind>(Input.Kind, out var kind) ? kind : null,
            Guid.TryParse(Input.ReporterPartyId, out var reporterParty) ? reporterParty : null,
            [.. Input.InvolvedPartyIds.Select(id => Guid.TryParse(id, out var party) ? party : Guid.Empty)],
            Input.SuggestedCategory,
            Input.Description,
            Input.Consequence,
            Input.ActionsTaken,
            Input.SuggestedImprovement,
            Codes.TryParse<AffectedGender>(Input.AffectedGender, out var gender) ? gender : null,
            contactGiven
                ? new SubmitReport.ReporterContact(Input.ContactName, Input.ContactRole, Input.ContactEmail, Input.ContactPhone, Input.AnonymousToParties)
                : null);
        return command.Normalized() with { IdempotencyKey = Input.IdempotencyKey };
    }
}
