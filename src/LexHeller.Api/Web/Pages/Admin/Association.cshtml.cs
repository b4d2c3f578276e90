using LexHeller.Api.Features.Admin;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>An association's administration overview: what there is, and the way to each page.</summary>
public sealed class AssociationModel(IMediator mediator) : AdminPageModel(current: null)
{
    public IReadOnlyList<ListSteeringGroups.SteeringGroup> SteeringGroups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var groups = await mediator.Send(new ListSteeringGroups.Query(Code), cancellationToken);
        AssociationName = groups.AssociationName;
        SteeringGroups = groups.SteeringGroups;
    }
}
