using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>The administrator's start: the associations they administer (<see cref="ListAdministeredAssociations"/>).</summary>
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<ListAdministeredAssociations.Association> Associations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Associations = (await mediator.Send(new ListAdministeredAssociations.Query(), cancellationToken)).Associations;
}
