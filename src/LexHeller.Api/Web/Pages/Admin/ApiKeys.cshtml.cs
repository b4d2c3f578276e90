using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// An association's API keys (<see cref="ListApiClients"/>) and a new one (<see cref="CreateApiClient"/>). The new key
/// is shown once, on the page the creation redirects to: it travels there in the encrypted, single-read temp-data
/// cookie and is gone with the next request; the service keeps only its hash.
/// </summary>
public sealed class ApiKeysModel(IMediator mediator) : AdminPageModel(AdminNavigation.ApiKeys)
{
    public sealed class KeyInput
    {
        public string? Name { get; set; }
        public string? PartyId { get; set; }
    }

    private static readonly FormFields KeyFields = new(
        new FormField("name", "NewKey.Name", "Vad nyckeln är till för", "Skriv vad nyckeln är till för, till exempel systemets och organisationens namn."),
        new FormField("partyId", "NewKey.PartyId", "Part", "Välj vilken part nyckeln lämnar avvikelser för."));

    public IReadOnlyList<ListApiClients.ApiClient> ApiClients { get; private set; } = [];

    public IReadOnlyList<ListPartiesAndContacts.Party> Parties { get; private set; } = [];

    [BindProperty]
    public KeyInput NewKey { get; set; } = new();

    /// <summary>The key just created, for the one page that shows it.</summary>
    [TempData]
    public string? CreatedKey { get; set; }

    [TempData]
    public string? CreatedKeyName { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (CreatedKey is not null)
            Response.Headers.CacheControl = "no-store";
        await LoadAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var party = ParseGuid(NewKey.PartyId);
        if (party is null)
            ModelState.AddModelError("NewKey.PartyId", "Välj vilken part nyckeln lämnar avvikelser för.");
        var command = new CreateApiClient.Command(NewKey.Name?.Trim(), party) { AssociationCode = Code };
        return ChangeAsync(KeyFields, async () =>
            {
                var created = await mediator.Send(command, cancellationToken);
                CreatedKey = created.Key;
                CreatedKeyName = created.Name;
            }, "API-nyckeln är skapad.", () => LoadAsync(cancellationToken), command);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var parties = await mediator.Send(new ListPartiesAndContacts.Query(Code), cancellationToken);
        AssociationName = parties.AssociationName;
        Parties = parties.Parties;
        ApiClients = (await mediator.Send(new ListApiClients.Query(Code), cancellationToken)).ApiClients;
    }
}
