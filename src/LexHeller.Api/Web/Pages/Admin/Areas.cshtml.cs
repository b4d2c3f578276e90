using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>An association's areas (<see cref="ListAreas"/>): a new one (<see cref="CreateArea"/>) and a new name for one (<see cref="UpdateArea"/>).</summary>
public sealed class AreasModel(IMediator mediator) : AdminPageModel(AdminNavigation.Areas)
{
    public sealed class AreaInput
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
    }

    private static readonly FormFields AreaFields = new(
        new FormField("code", "NewArea.Code", "Kod", "Skriv områdets kod.",
            "Koden får bara innehålla små bokstäver a–z, siffror och bindestreck (till exempel ”nassjo”), högst 50 tecken."),
        new FormField("name", "NewArea.Name", "Områdets namn", "Skriv områdets namn."));

    private static readonly FormFields RenameFields = new(
        new FormField("areaCode", "Rename.Code", "Område", "Välj ett område."),
        new FormField("name", "Rename.Name", "Nytt namn", "Skriv områdets nya namn."));

    public IReadOnlyList<AreaResponse> Areas { get; private set; } = [];

    [BindProperty]
    public AreaInput NewArea { get; set; } = new();

    [BindProperty]
    public AreaInput Rename { get; set; } = new();

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var command = new CreateArea.Command(NewArea.Code?.Trim(), NewArea.Name?.Trim()) { AssociationCode = Code };
        return ChangeAsync(AreaFields, () => mediator.Send(command, cancellationToken).AsTask(),
            $"Området {command.Name} är tillagt.", () => LoadAsync(cancellationToken), command,
            new Dictionary<string, (string Input, string Message)>
            {
                ["Code taken"] = ("NewArea.Code", "Förbundet har redan ett område med den koden. Välj en annan kod."),
            });
    }

    public Task<IActionResult> OnPostRenameAsync(CancellationToken cancellationToken)
    {
        var areaCode = Rename.Code?.Trim() ?? "";
        if (areaCode.Length == 0)
            ModelState.AddModelError("Rename.Code", "Välj ett område.");
        var command = new UpdateArea.Command(Rename.Name?.Trim()) { AssociationCode = Code, AreaCode = areaCode };
        return ChangeAsync(RenameFields, () => mediator.Send(command, cancellationToken).AsTask(),
            $"Området heter nu {command.Name}.", () => LoadAsync(cancellationToken), command);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var areas = await mediator.Send(new ListAreas.Query(Code), cancellationToken);
        Areas = areas.Areas;
        AssociationName = (await mediator.Send(new GetAssociation.Query(Code), cancellationToken)).Name;
    }
}
