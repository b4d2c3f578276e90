using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// A page of one association's administration (<c>/admin/{code}/…</c>). It sends the same Mediator use
/// cases as <c>/api/v1/admin</c>, whose <see cref="Features.Admin.AdminAccess"/> decides who may (403 → the
/// no-access page). Refusals become Swedish messages next to the fields; a change that worked redirects (post/redirect/get).
/// </summary>
public abstract class AdminPageModel(string? current) : WebPageModel
{
    /// <summary>The association's code, from the address.</summary>
    [FromRoute]
    public string Code { get; set; } = "";

    /// <summary>The association's name, read with what the page shows.</summary>
    public string AssociationName { get; protected set; } = "";

    public AdminNavModel Navigation => new(Code, AssociationName, current);

    /// <summary>
    /// Sends a change. What the form could not read already (a date, a choice) is shown without sending;
    /// a conflict the page knows is said in Swedish next to its field (<paramref name="conflicts"/>, by the
    /// problem's title); other refusals as <see cref="WebPageModel.SubmitAsync"/> shows them.
    /// </summary>
    protected Task<IActionResult> ChangeAsync(FormFields fields, Func<Task> send, string confirmation, Func<Task> reload,
        IHaveFreeText? freeText = null, IReadOnlyDictionary<string, (string Input, string Message)>? conflicts = null)
    {
        Fields = fields;
        return SubmitAsync(async () =>
        {
            if (!ModelState.IsValid)
            {
                await reload();
                return Page();
            }

            try
            {
                await send();
            }
            catch (ConflictException conflict) when (conflicts is not null && conflicts.TryGetValue(conflict.Title, out var known))
            {
                ModelState.AddModelError(known.Input, known.Message);
                await reload();
                return Page();
            }

            Confirmation = confirmation;
            return RedirectToPage(new { code = Code });
        }, reload, freeText);
    }
}
