using LexHeller.Api.Features.Referrals;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Part;

/// <summary>The responder's inbox (<see cref="GetReferrals"/>): open and overdue referrals to the user's parties, then the answered ones.</summary>
public sealed class InboxModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<ReferralViews.Referral> Referrals { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Referrals = (await mediator.Send(new GetReferrals.Query(null), cancellationToken)).Referrals;
}
