using LexHeller.Api.Features.Account;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Account;

/// <summary>
/// Development and tests only (<see cref="WebSetup.DemoSignInEnabled"/>): sign in as one of the demo
/// identities. In Production the page has no route at all.
/// </summary>
public sealed class DemoSignInModel(DemoSignInIdentities identities, IMediator mediator) : PageModel
{
    public IReadOnlyList<DemoIdentity> Identities => identities.All;

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : null;

    public async Task<IActionResult> OnPostAsync(string? email, string? returnUrl)
    {
        if (identities.Find(email) is not { } identity)
            return BadRequest();

        var principal = WebSignIn.Principal(identity.Email, identity.Email, identity.Name, identity.Roles, "demo");
        await HttpContext.SignInAsync(WebSignIn.CookieScheme, principal);
        if (returnUrl is not null && Url.IsLocalUrl(returnUrl))
            return LocalRedirect(returnUrl);

        var landing = await mediator.Send(GetSignInLanding.Query.For(Caller.FromPrincipal(principal)), HttpContext.RequestAborted);
        return LocalRedirect(landing.Path);
    }
}
