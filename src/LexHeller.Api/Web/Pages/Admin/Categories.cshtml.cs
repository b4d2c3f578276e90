using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// Kategorier: the association's failure categories (<see cref="ListCategories"/>), national and its own, and a
/// form for a new one of its own (<see cref="CreateCategory"/>). Who may see and change them is decided by the
/// use cases (<see cref="AdminAccess"/>), as in the API.
/// </summary>
[Authorize]
public sealed class CategoriesModel(IMediator mediator) : WebPageModel(CategoryFields)
{
    public sealed class CategoryInput
    {
        public string? Code { get; set; }
        public string? Label { get; set; }
        public string? Description { get; set; }
        public string? Notice { get; set; }
        public bool BlocksSubmission { get; set; }
    }

    public static FormFields CategoryFields { get; } = new(
        new FormField("code", "Input.Code", "Kod", "Skriv en kod för kategorin.",
            "Koden får bara innehålla små bokstäver a–z, siffror och bindestreck mellan orden, till exempel bostad-och-boende."),
        new FormField("label", "Input.Label", "Namn", "Skriv kategorins namn.", "Namnet ska vara en rad, högst 200 tecken."),
        new FormField("description", "Input.Description", "Beskrivning", "Skriv vad kategorin gäller."),
        new FormField("notice", "Input.Notice", "Meddelande på formuläret",
            "Skriv ett meddelande: en kategori som stoppar avvikelsen måste säga varför och vart man vänder sig i stället.",
            "Meddelandet får vara högst 1 000 tecken."),
        new FormField("blocksSubmission", "Input.BlocksSubmission", "Stoppa avvikelser i kategorin"));

    public ListCategories.Response Categories { get; private set; } = null!;

    [BindProperty]
    public CategoryInput Input { get; set; } = new();

    public async Task OnGetAsync(string code, CancellationToken cancellationToken) =>
        Categories = await mediator.Send(new ListCategories.Query(code), cancellationToken);

    public Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        var command = new CreateCategory.Command(Input.Code?.Trim(), Input.Label?.Trim(), Input.Description?.Trim(),
            string.IsNullOrWhiteSpace(Input.Notice) ? null : Input.Notice.Trim(), Input.BlocksSubmission)
        {
            AssociationCode = code,
        };
        return SubmitAsync(async () =>
        {
            var category = await mediator.Send(command, cancellationToken);
            Confirmation = $"Kategorin ”{category.Label}” är tillagd.";
            return RedirectToPage(new { code });
        }, () => OnGetAsync(code, cancellationToken), command);
    }
}
