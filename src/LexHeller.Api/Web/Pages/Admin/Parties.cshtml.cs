using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>An association's parties and their contact persons, who receive and answer the referrals (<see cref="ChangeMembership"/>).</summary>
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

    private static readonly FormFields RemoveFields = new(new FormField("email", "Remove.Email", "Kontaktperson"));

    public IReadOnlyList<ListPartiesAndContacts.Party> Parties { get; private set; } = [];

    [BindProperty]
    public ContactInput Contact { get; set; } = new();

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

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

    /// <summary>A party's name with its unit, as lists show it.</summary>
    public static string Name(ListPartiesAndContacts.Party party) => party.Unit is { Length: > 0 } unit ? $"{party.Name}, {unit}" : party.Name;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var parties = await mediator.Send(new ListPartiesAndContacts.Query(Code), cancellationToken);
        AssociationName = parties.AssociationName;
        Parties = parties.Parties;
    }
}
