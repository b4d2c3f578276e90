using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>Asks before an API key is revoked (<see cref="RevokeApiClient"/>): the partner's system stops filing at once.</summary>
public sealed class RevokeApiKeyModel(IMediator mediator) : AdminPageModel(AdminNavigation.ApiKeys)
{
    [FromRoute]
    public Guid Id { get; set; }

    public ListApiClients.ApiClient Client { get; private set; } = null!;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The key must be one of the association in the address: the page goes back to its list.
        await LoadAsync(cancellationToken);
        await mediator.Send(new RevokeApiClient.Command(Id), cancellationToken);
        Confirmation = "API-nyckeln är återkallad. Den fungerar inte längre.";
        return Redirect(AdminNavigation.Href(Code, AdminNavigation.ApiKeys));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var clients = await mediator.Send(new ListApiClients.Query(Code), cancellationToken);
        Client = clients.ApiClients.FirstOrDefault(client => client.Id == Id) ?? throw new NotFoundException($"API key '{Id}'");
        AssociationName = (await mediator.Send(new ListAdministeredAssociations.Query(), cancellationToken)).Associations
            .FirstOrDefault(association => association.Code == clients.AssociationCode)?.Name ?? clients.AssociationCode;
    }
}
