using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// Svarsmallar: the association's response templates (<see cref="ListResponseTemplates"/>), a form for a new one
/// (<see cref="CreateResponseTemplate"/>) and removal (<see cref="DeleteResponseTemplate"/>). Who may is decided by the use cases.
/// </summary>
[Authorize]
public sealed class TemplatesModel(IMediator mediator) : WebPageModel(TemplateFields)
{
    public sealed class TemplateInput
    {
        public string? Purpose { get; set; }
        public string? Category { get; set; }
        public string? Title { get; set; }
        public string? Body { get; set; }
    }

    public static FormFields TemplateFields { get; } = new(
        new FormField("purpose", "Input.Purpose", "Används till", "Välj vad mallen används till.", "Välj ett av alternativen.") { Anchor = "Input_Purpose_0" },
        new FormField("category", "Input.Category", "Kategori", Invalid: "Välj en kategori i listan."),
        new FormField("title", "Input.Title", "Namn på mallen", "Skriv ett namn på mallen.", "Namnet ska vara en rad, högst 200 tecken."),
        new FormField("body", "Input.Body", "Text", "Skriv mallens text.", "Texten får vara högst 2 000 tecken."));

    public ListResponseTemplates.Response Templates { get; private set; } = null!;

    public ListCategories.Response Categories { get; private set; } = null!;

    [BindProperty]
    public TemplateInput Input { get; set; } = new();

    public async Task OnGetAsync(string code, CancellationToken cancellationToken)
    {
        Templates = await mediator.Send(new ListResponseTemplates.Query(code), cancellationToken);
        Categories = await mediator.Send(new ListCategories.Query(code), cancellationToken);
    }

    public Task<IActionResult> OnPostAsync(string code, CancellationToken cancellationToken)
    {
        var command = new CreateResponseTemplate.Command(Input.Purpose, string.IsNullOrWhiteSpace(Input.Category) ? null : Input.Category,
            Input.Title?.Trim(), Input.Body?.Trim()) { AssociationCode = code };
        return SubmitAsync(async () =>
        {
            var template = await mediator.Send(command, cancellationToken);
            Confirmation = $"Mallen ”{template.Title}” är tillagd.";
            return RedirectToPage(new { code });
        }, () => OnGetAsync(code, cancellationToken), command);
    }

    public Task<IActionResult> OnPostDeleteAsync(string code, Guid id, CancellationToken cancellationToken) =>
        SubmitAsync(async () =>
        {
            await mediator.Send(new DeleteResponseTemplate.Command(id), cancellationToken);
            Confirmation = "Mallen är borttagen.";
            return RedirectToPage(new { code });
        }, () => OnGetAsync(code, cancellationToken));

    /// <summary>The label of a category code, or "Alla kategorier" for a template of every category.</summary>
    public string CategoryLabel(string? code) =>
        code is null ? "Alla kategorier" : Categories.Categories.FirstOrDefault(category => category.Code == code)?.Label ?? code;

    public static string PurposeLabel(string purpose) => purpose switch
    {
        ResponseTemplates.Question => "Fråga till rapportören",
        ResponseTemplates.Referral => "Fråga till en part",
        ResponseTemplates.Answer => "Partens svar",
        ResponseTemplates.Closure => "Besked vid avslut",
        _ => purpose,
    };
}
