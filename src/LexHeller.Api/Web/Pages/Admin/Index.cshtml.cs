using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// The administrator's start: the associations they administer (<see cref="ListAdministeredAssociations"/>);
/// for an installation administrator also all the installation's associations (<see cref="ListAssociations"/>)
/// and a new one with its first administrator (<see cref="CreateAssociation"/>).
/// </summary>
public sealed class IndexModel(IMediator mediator) : WebPageModel(NewAssociationFields)
{
    public sealed class AssociationInput
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? ReferencePrefix { get; set; }
        public string? AllowsAnonymousIntake { get; set; }
        public string? AdministratorEmail { get; set; }
    }

    public const string Yes = "ja";
    public const string No = "nej";

    private static readonly FormFields NewAssociationFields = new(
        new FormField("code", "NewAssociation.Code", "Kod", "Skriv förbundets kod.",
            "Koden får bara innehålla små bokstäver a–z, siffror och bindestreck (till exempel ”hoglandet”), högst 50 tecken."),
        new FormField("name", "NewAssociation.Name", "Förbundets namn", "Skriv förbundets namn."),
        new FormField("referencePrefix", "NewAssociation.ReferencePrefix", "Prefix för referenser", "Skriv ett prefix för förbundets referenser.",
            "Prefixet ska vara 2–6 versaler A–Z eller siffror, till exempel ”HOG”."),
        new FormField("allowsAnonymousIntake", "NewAssociation.AllowsAnonymousIntake", "Anonyma anmälningar", "Välj om anmälningar får göras utan inloggning.")
        {
            Anchor = "NewAssociation_AllowsAnonymousIntake-yes",
        },
        new FormField("administrators", "NewAssociation.AdministratorEmail", "Första administratörens e-postadress",
            "Skriv e-postadressen till förbundets första administratör."));

    public IReadOnlyList<ListAdministeredAssociations.Association> Associations { get; private set; } = [];

    /// <summary>Whether the caller administers the installation: then the page lists all associations and offers a new one.</summary>
    public bool IsInstallationAdministrator { get; private set; }

    /// <summary>All the installation's associations (for an installation administrator).</summary>
    public IReadOnlyList<AssociationResponse> AllAssociations { get; private set; } = [];

    [BindProperty]
    public AssociationInput NewAssociation { get; set; } = new();

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostCreateAssociationAsync(CancellationToken cancellationToken)
    {
        var email = NewAssociation.AdministratorEmail?.Trim() ?? "";
        if (email.Length == 0)
            ModelState.AddModelError("NewAssociation.AdministratorEmail", "Skriv e-postadressen till förbundets första administratör.");
        bool? anonymous = NewAssociation.AllowsAnonymousIntake switch
        {
            Yes => true,
            No => false,
            _ => null,
        };
        if (anonymous is null)
            ModelState.AddModelError("NewAssociation.AllowsAnonymousIntake", "Välj om anmälningar får göras utan inloggning.");

        var command = new CreateAssociation.Command(NewAssociation.Code?.Trim(), NewAssociation.Name?.Trim(), NewAssociation.ReferencePrefix?.Trim(),
            AllowsAnonymousIntake: anonymous, Administrators: email.Length == 0 ? null : [EmailRules.Normalize(email) ?? email]);

        return SubmitAsync(async () =>
        {
            if (!ModelState.IsValid)
            {
                await LoadAsync(cancellationToken);
                return Page();
            }

            try
            {
                await mediator.Send(command, cancellationToken);
            }
            catch (ConflictException conflict) when (conflict.Title == "Code taken")
            {
                ModelState.AddModelError("NewAssociation.Code", "Det finns redan ett förbund med den koden. Välj en annan kod.");
                await LoadAsync(cancellationToken);
                return Page();
            }

            Confirmation = $"Förbundet {command.Name} är skapat. Dess administratör {command.Administrators![0]} kan nu logga in och ställa in förbundet.";
            return RedirectToPage();
        }, () => LoadAsync(cancellationToken), command);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Associations = (await mediator.Send(new ListAdministeredAssociations.Query(), cancellationToken)).Associations;
        IsInstallationAdministrator = await mediator.Send(new CheckInstallationAdministration.Query(), cancellationToken);
        if (IsInstallationAdministrator)
            AllAssociations = (await mediator.Send(new ListAssociations.Query(), cancellationToken)).Associations;
    }
}
