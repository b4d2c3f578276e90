using LexHeller.Api.Features.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Account;

/// <summary>
/// The page a sign-in link opens. Reading it changes nothing (a mail scanner that follows links uses none up):
/// only its button, a POST with the antiforgery token, signs in, once. The cookie then holds the address as its
/// e-mail claim and no role claims; what the user may do comes from the association's data, as for everyone.
/// </summary>
public sealed class EmailLinkModel(IMediator mediator, EmailSignInOptions options, ILogger<EmailLinkModel> logger) : PageModel
{
    /// <summary>The path of every link, up to its token.</summary>
    public const string PathPrefix = "/logga-in/lank/";

    /// <summary>The authentication type of a principal signed in with a link.</summary>
    public const string AuthenticationType = "email-link";

    /// <summary>Whether the link can be used: false for one that is unknown, expired or used already.</summary>
    public bool Usable { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
            return NotFound();

        Usable = await mediator.Send(new SignInWithLink.Query(token), cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
            return NotFound();

        // A token far longer than ours is no link of ours: the same page as any unusable link.
        if (token.Length > SignInWithLink.MaxTokenLength
            || await mediator.Send(new SignInWithLink.Command(token), cancellationToken) is not { } link)
        {
            logger.LogInformation("A sign-in link that is unknown, expired or used already was refused");
            return Page();
        }

        await HttpContext.SignInAsync(WebSignIn.CookieScheme, WebSignIn.Principal(link.Email, link.Email, null, [], AuthenticationType));
        logger.LogInformation("Signed in with a one-time link");
        // No page asked for: on to the page of the user's role, as after the organisations' sign-in.
        return LocalRedirect(link.ReturnUrl is not null && Url.IsLocalUrl(link.ReturnUrl) ? link.ReturnUrl : LandingModel.Path);
    }
}
