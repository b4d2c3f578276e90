using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Account;

/// <summary>Ends the Lex Heller session (the identity provider's own session is the provider's).</summary>
public sealed class SignOutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(WebSignIn.CookieScheme);
        return LocalRedirect("/");
    }
}
