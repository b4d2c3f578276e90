using LexHeller.Api.Features.Triage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Triage;

/// <summary>The steering-group member's queues (<see cref="GetMyQueues"/>): counts, overdue answers, next meeting and its cut-off.</summary>
public sealed class QueuesModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<GetMyQueues.Queue> Queues { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Queues = (await mediator.Send(new GetMyQueues.Query(), cancellationToken)).Queues;
}
