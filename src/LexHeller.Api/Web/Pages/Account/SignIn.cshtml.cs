using LexHeller.Api.Features.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Account;

/// <summary>
/// Sign-in: one button per organisation's identity provider, the one-time link by e-mail for those whose
/// organisation has none, and the demo identities where they exist.
/// </summary>
public sealed class SignInModel(
    OpenIdConnectProviders providers,
    EmailSignInOptions emailSignIn,
    EmailSignInLimiter limiter,
    EmailSignInMailer mailer,
    PublicAddress publicAddress,
    IHostEnvironment environment,
    ILogger<SignInModel> logger)
    : WebPageModel(new FormFields(new FormField("email", nameof(Email), "E-postadress")))
{
    public const string LinkSentPath = "/logga-in/e-post/skickad";

    public IReadOnlyList<OpenIdConnectProvider> Providers => providers.All;

    public bool EmailSignInEnabled => emailSignIn.Enabled;

    public bool DemoSignInEnabled { get; } = WebSetup.DemoSignInEnabled(environment);

    public string? ReturnUrl { get; private set; }

    [BindProperty]
    public string? Email { get; set; }

    public void OnGet(string? returnUrl) => ReturnUrl = LocalOrNull(returnUrl);

    /// <summary>Off to the chosen provider (the one configured, when the form names none).</summary>
    public IActionResult OnPostOpenIdConnect(string? provider, string? returnUrl)
    {
        var chosen = provider is null && providers.All.Count == 1 ? providers.All[0] : providers.Find(provider);
        if (chosen is null)
            return NotFound();

        return Challenge(new AuthenticationProperties { RedirectUri = LocalOrNull(returnUrl) ?? LandingModel.Path }, chosen.Scheme);
    }

    /// <summary>
    /// Asks for a link. Any well-formed address gets the same answer at once, within the limits or past them,
    /// registered or not: the lookup and the mail happen in the background (<see cref="EmailSignInMailer"/>).
    /// </summary>
    public IActionResult OnPostEmail(string? returnUrl)
    {
        if (!emailSignIn.Enabled)
            return NotFound();

        ReturnUrl = LocalOrNull(returnUrl);
        var email = EmailRules.Normalize(Email);
        if (string.IsNullOrEmpty(email))
            ModelState.AddModelError(nameof(Email), "Skriv din e-postadress.");
        else if (!EmailRules.IsBareAddress(email))
            ModelState.AddModelError(nameof(Email), "Skriv en e-postadress, till exempel namn@kommun.se.");
        if (!ModelState.IsValid)
            return Page();

        if (limiter.TryAcquire(email!, HttpContext))
            mailer.Enqueue(new EmailSignInRequest(email!, ReturnUrl, publicAddress.Absolute(EmailLinkModel.PathPrefix, Request)!));
        else
            logger.LogInformation("A request for a sign-in link was over the limit: nothing is sent");
        return LocalRedirect(LinkSentPath);
    }

    private string? LocalOrNull(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : null;
}
