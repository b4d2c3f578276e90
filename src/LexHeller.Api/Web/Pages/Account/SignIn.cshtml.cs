using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Account;

/// <summary>Sign-in: the organisation's identity provider when configured, and the demo identities where they exist.</summary>
public sealed class SignInModel(OpenIdConnectSettings openIdConnect, IHostEnvironment environment) : PageModel
{
    public OpenIdConnectSettings OpenIdConnect { get; } = openIdConnect;

    public bool DemoSignInEnabled { get; } = WebSetup.DemoSignInEnabled(environment);

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = LocalOrNull(returnUrl);

    public IActionResult OnPostOpenIdConnect(string? returnUrl)
    {
        if (!OpenIdConnect.IsConfigured)
            return NotFound();

        return Challenge(new AuthenticationProperties { RedirectUri = LocalOrNull(returnUrl) ?? LandingModel.Path }, WebSignIn.OpenIdConnectScheme);
    }

    private string? LocalOrNull(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : null;
}
