using LexHeller.Api.Features.Triage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Triage;

/// <summary>The steering-group member's queues (<see cref="GetMyQueues"/>): counts (answered ones too), overdue answers, next meeting and its cut-off, and what each group has to decide.</summary>
public sealed class QueuesModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<GetMyQueues.Queue> Queues { get; private set; } = [];

    /// <summary>The groups with answered reports waiting for their decision.</summary>
    public IReadOnlyList<GetMyQueues.GroupDecisions> Decisions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var response = await mediator.Send(new GetMyQueues.Query(), cancellationToken);
        Queues = response.Queues;
        Decisions = [.. response.Decisions.Where(group => group.ToDecide > 0)];
    }
}
