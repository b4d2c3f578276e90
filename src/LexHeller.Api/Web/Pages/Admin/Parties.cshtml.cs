using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// An association's parties and their contact persons, who receive and answer the referrals (<see cref="ChangeMembership"/>);
/// a new party (<see cref="CreateParty"/>) and a party's kind, name, unit and manager contact changed (<see cref="UpdateParty"/>).
/// </summary>
public sealed class PartiesModel(IMediator mediator) : AdminPageModel(AdminNavigation.Parties)
{
    public sealed class ContactInput
    {
        public string? PartyId { get; set; }
        public string? Email { get; set; }
    }

    private static readonly FormFields ContactFields = new(
        new FormField("ownerId", "Contact.PartyId", "Part", "Välj en part."),
        new FormField("email", "Contact.Email", "E-postadress", "Skriv kontaktpersonens e-postadress."));

    public sealed class PartyInput
    {
        public string? PartyId { get; set; }
        public string? Kind { get; set; }
        public string? Name { get; set; }
        public string? Unit { get; set; }
        public string? ManagerEmail { get; set; }
    }

    private static readonly FormFields NewPartyFields = new(
        new FormField("kind", "NewParty.Kind", "Slag av part", "Välj vilket slag av part det är."),
        new FormField("name", "NewParty.Name", "Partens namn", "Skriv partens namn."),
        new FormField("unit", "NewParty.Unit", "Enhet"));

    private static readonly FormFields EditPartyFields = new(
        new FormField("id", "EditParty.PartyId", "Part", "Välj en part."),
        new FormField("kind", "EditParty.Kind", "Slag av part", "Välj vilket slag av part det är."),
        new FormField("name", "EditParty.Name", "Partens namn", "Skriv partens namn."),
        new FormField("unit", "EditParty.Unit", "Enhet"),
        new FormField("managerEmail", "EditParty.ManagerEmail", "Chefskontakt", Invalid: "Skriv chefskontaktens e-postadress, till exempel namn@kommun.se."));

    private static readonly FormFields RemoveFields = new(new FormField("email", "Remove.Email", "Kontaktperson"));

    public IReadOnlyList<ListPartiesAndContacts.Party> Parties { get; private set; } = [];

    [BindProperty]
    public ContactInput Contact { get; set; } = new();

    [BindProperty]
    public PartyInput NewParty { get; set; } = new();

    [BindProperty]
    public PartyInput EditParty { get; set; } = new();

    /// <summary>The party whose form to change it is shown (<c>?andra={id}</c>, or the one just posted).</summary>
    public ListPartiesAndContacts.Party? Editing { get; private set; }

    public async Task OnGetAsync([FromQuery(Name = "andra")] Guid? edit, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (edit is { } id && Parties.FirstOrDefault(party => party.Id == id) is { } party)
        {
            Editing = party;
            EditParty = new PartyInput { PartyId = party.Id.ToString(), Kind = Codes.Of(party.Kind), Name = party.Name, Unit = party.Unit,
                ManagerEmail = party.ManagerEmail };
        }
    }

    public Task<IActionResult> OnPostCreatePartyAsync(CancellationToken cancellationToken)
    {
        var command = new CreateParty.Command(ParseKind(NewParty.Kind, "NewParty.Kind"), NewParty.Name?.Trim(), NewParty.Unit?.Trim())
        {
            AssociationCode = Code,
        };
        return ChangeAsync(NewPartyFields, () => mediator.Send(command, cancellationToken).AsTask(),
            $"Parten {command.Name} är tillagd.", () => LoadAsync(cancellationToken), command,
            NameTaken("NewParty.Name"));
    }

    public Task<IActionResult> OnPostUpdatePartyAsync(CancellationToken cancellationToken)
    {
        var id = ParseGuid(EditParty.PartyId);
        if (id is null)
            ModelState.AddModelError("EditParty.PartyId", "Välj en part.");
        var command = new UpdateParty.Command
        {
            Id = id ?? Guid.Empty,
            Kind = ParseKind(EditParty.Kind, "EditParty.Kind"),
            Name = EditParty.Name?.Trim() ?? "",
            Unit = EditParty.Unit?.Trim(),
            ManagerEmail = EmailRules.Normalize(EditParty.ManagerEmail) is { Length: > 0 } manager ? manager : null,
        };
        return ChangeAsync(EditPartyFields, () => mediator.Send(command, cancellationToken).AsTask(),
            $"Parten {command.Name} är ändrad.", async () =>
            {
                await LoadAsync(cancellationToken);
                Editing = Parties.FirstOrDefault(party => party.Id == id);
            }, command, NameTaken("EditParty.Name"));
    }

    public Task<IActionResult> OnPostAddContactAsync(CancellationToken cancellationToken)
    {
        var party = ParseGuid(Contact.PartyId);
        if (party is null)
            ModelState.AddModelError("Contact.PartyId", "Välj en part.");
        var email = Contact.Email?.Trim() ?? "";
        return ChangeAsync(ContactFields, () => mediator.Send(new ChangeMembership.Command(
                ChangeMembership.Membership.PartyContact, party ?? Guid.Empty, AdminRules.UserKey(email), Add: true), cancellationToken).AsTask(),
            $"{email} är kontaktperson för parten.", () => LoadAsync(cancellationToken));
    }

    public Task<IActionResult> OnPostRemoveContactAsync(Guid partyId, string? email, CancellationToken cancellationToken) =>
        ChangeAsync(RemoveFields, () => mediator.Send(new ChangeMembership.Command(
                ChangeMembership.Membership.PartyContact, partyId, email ?? "", Add: false), cancellationToken).AsTask(),
            $"{email} är inte längre kontaktperson för parten.", () => LoadAsync(cancellationToken));

    /// <summary>The kinds of party, in the order the form offers them.</summary>
    public static IEnumerable<PartyKind> Kinds => Enum.GetValues<PartyKind>();

    private PartyKind? ParseKind(string? code, string input)
    {
        if (Codes.TryParse<PartyKind>(code, out var kind))
            return kind;
        ModelState.AddModelError(input, "Välj vilket slag av part det är.");
        return null;
    }

    private static Dictionary<string, (string Input, string Message)> NameTaken(string input) =>
        new() { ["Name taken"] = (input, "Förbundet har redan en part med det namnet. Välj ett annat namn.") };

    /// <summary>A party's name with its unit, as lists show it.</summary>
    public static string Name(ListPartiesAndContacts.Party party) => party.Unit is { Length: > 0 } unit ? $"{party.Name}, {unit}" : party.Name;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var parties = await mediator.Send(new ListPartiesAndContacts.Query(Code), cancellationToken);
        AssociationName = parties.AssociationName;
        Parties = parties.Parties;
    }
}
