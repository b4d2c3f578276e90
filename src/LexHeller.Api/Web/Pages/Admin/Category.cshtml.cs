using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// One category of the association (<see cref="UpdateCategory"/>): its own category is relabelled, described, retired
/// or reinstated; on a national one the association sets only a notice of its own.
/// </summary>
[Authorize]
public sealed class CategoryModel(IMediator mediator) : WebPageModel(CategoriesModel.CategoryFields)
{
    public sealed class EditInput
    {
        public string? Label { get; set; }
        public string? Description { get; set; }
        public string? Notice { get; set; }
        public bool BlocksSubmission { get; set; }
    }

    public ListCategories.Response Categories { get; private set; } = null!;

    public AssociationCategories.Category Category { get; private set; } = null!;

    [BindProperty]
    public EditInput Input { get; set; } = new();

    public async Task OnGetAsync(string code, string categoryCode, CancellationToken cancellationToken)
    {
        await LoadAsync(code, categoryCode, cancellationToken);
        Input = new EditInput
        {
            Label = Category.Label,
            Description = Category.Description,
            Notice = Category.Notice,
            BlocksSubmission = Category.BlocksSubmission,
        };
    }

    public async Task<IActionResult> OnPostAsync(string code, string categoryCode, CancellationToken cancellationToken)
    {
        await LoadAsync(code, categoryCode, cancellationToken);
        var notice = string.IsNullOrWhiteSpace(Input.Notice) ? null : Input.Notice.Trim();
        var command = Category.National
            ? new UpdateCategory.Command { Notice = notice, BlocksSubmission = Input.BlocksSubmission }
            : new UpdateCategory.Command { Label = Input.Label?.Trim() ?? "", Description = Input.Description?.Trim() ?? "", Notice = notice, BlocksSubmission = Input.BlocksSubmission };
        return await SendAsync(code, categoryCode, command with { AssociationCode = code, CategoryCode = categoryCode }, "Ändringen är sparad.", cancellationToken);
    }

    public async Task<IActionResult> OnPostActiveAsync(string code, string categoryCode, bool active, CancellationToken cancellationToken)
    {
        await LoadAsync(code, categoryCode, cancellationToken);
        var command = new UpdateCategory.Command { AssociationCode = code, CategoryCode = categoryCode, IsActive = active };
        return await SendAsync(code, categoryCode, command,
            active ? "Kategorin finns i formuläret igen." : "Kategorin är borttagen ur formuläret. Gamla avvikelser och statistik behåller den.", cancellationToken);
    }

    private Task<IActionResult> SendAsync(string code, string categoryCode, UpdateCategory.Command command, string confirmation, CancellationToken cancellationToken) =>
        SubmitAsync(async () =>
        {
            await mediator.Send(command, cancellationToken);
            Confirmation = confirmation;
            return RedirectToPage(new { code, categoryCode });
        }, () => LoadAsync(code, categoryCode, cancellationToken), command);

    private async Task LoadAsync(string code, string categoryCode, CancellationToken cancellationToken)
    {
        Categories = await mediator.Send(new ListCategories.Query(code), cancellationToken);
        Category = Categories.Categories.FirstOrDefault(category => category.Code == categoryCode)
            ?? throw new NotFoundException($"Category '{categoryCode}'");
    }
}
