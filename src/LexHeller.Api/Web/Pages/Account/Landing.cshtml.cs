using LexHeller.Api.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Account;

/// <summary>
/// Where the organisation's sign-in returns when no page was asked for: sends the user on to the page of
/// their role (<see cref="GetSignInLanding"/>), the administrator to /admin, the analyst to /statistik.
/// </summary>
public sealed class LandingModel(IMediator mediator) : PageModel
{
    public const string Path = "/inloggad";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        LocalRedirect((await mediator.Send(GetSignInLanding.Query.For(Caller.FromPrincipal(User)), cancellationToken)).Path);
}
