using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web;

/// <summary>A page that sends the same Mediator requests as the API and shows their refusals in Swedish.</summary>
public abstract class WebPageModel(FormFields? fields = null) : PageModel
{
    /// <summary>The fields of the form the page posts, in the order the user meets them (a page with several forms sets the posted one's).</summary>
    public FormFields Fields { get; protected set; } = fields ?? new();

    /// <summary>A line shown above the page after something went well ("Ditt svar är skickat").</summary>
    [TempData]
    public string? Confirmation { get; set; }

    /// <summary>
    /// Sends a command. A refusal the user can act on (validation, a personal number, a conflict, a
    /// stale version) becomes messages on the page, which is shown again with what the user wrote;
    /// <paramref name="reload"/> reads what the page displays besides the form.
    /// </summary>
    /// <remarks>
    /// The pipeline validates before it looks for personal numbers, so a form with other mistakes
    /// would hear of a personal number only on its next submit; with <paramref name="freeText"/> the
    /// page asks the same guard at once and shows both.
    /// </remarks>
    protected async Task<IActionResult> SubmitAsync(Func<Task<IActionResult>> send, Func<Task> reload, IHaveFreeText? freeText = null)
    {
        try
        {
            return await send();
        }
        catch (Exception exception) when (FormErrors.TryAdd(ModelState, exception, Fields))
        {
            if (exception is FluentValidation.ValidationException && freeText is not null)
                FormErrors.AddPersonalNumbers(ModelState, freeText, Fields);
            await reload();
            return Page();
        }
    }

    protected static Guid? ParseGuid(string? text) => Guid.TryParse(text, out var id) ? id : null;

    /// <summary>A date as a date field sends it (year-month-day); an error on <paramref name="field"/> when it cannot be read.</summary>
    protected DateOnly? ParseDate(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        ModelState.AddModelError(field, "Skriv datumet som år-månad-dag, till exempel 2026-12-15.");
        return null;
    }
}
