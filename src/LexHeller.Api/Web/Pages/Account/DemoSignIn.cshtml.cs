using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Account;

/// <summary>
/// Development and tests only (<see cref="WebSetup.DemoSignInEnabled"/>): sign in as one of the demo
/// identities. In Production the page has no route at all.
/// </summary>
public sealed class DemoSignInModel(DemoSignInIdentities identities) : PageModel
{
    public IReadOnlyList<DemoIdentity> Identities => identities.All;

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : null;

    public async Task<IActionResult> OnPostAsync(string? email, string? returnUrl)
    {
        if (identities.Find(email) is not { } identity)
            return BadRequest();

        await HttpContext.SignInAsync(WebSignIn.CookieScheme,
            WebSignIn.Principal(identity.Email, identity.Email, identity.Name, identity.Roles, "demo"));
        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : HomeOf(identity));
    }

    private static string HomeOf(DemoIdentity identity) => identity.Roles switch
    {
        var roles when roles.Contains(Roles.Triager) || roles.Contains(Roles.Admin) => "/triage",
        var roles when roles.Contains(Roles.Responder) => "/part",
        var roles when roles.Contains(Roles.Reporter) => "/anmalan",
        _ => "/",
    };
}
