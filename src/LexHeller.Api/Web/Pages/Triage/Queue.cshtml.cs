using LexHeller.Api.Features.ReferenceData;
using LexHeller.Api.Features.Triage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LexHeller.Api.Web.Pages.Triage;

/// <summary>One queue's reports (<see cref="GetQueueReports"/>), filtered by status or overdue answers, a page at a time.</summary>
public sealed class QueueModel(IMediator mediator, PageAssociation pageAssociation) : PageModel
{
    public const int PageSize = 25;

    public GetMyQueues.Queue? Queue { get; private set; }

    public GetQueueReports.Response Reports { get; private set; } = new([], null);

    public string? Status { get; private set; }

    public bool OverdueOnly { get; private set; }

    public async Task OnGetAsync(Guid id, string? status, [FromQuery(Name = "forsenade")] bool? overdue,
        [FromQuery(Name = "efter")] string? cursor, CancellationToken cancellationToken)
    {
        Status = string.IsNullOrEmpty(status) ? null : status;
        OverdueOnly = overdue == true;
        Reports = await mediator.Send(new GetQueueReports.Query(id, Status, OverdueOnly, string.IsNullOrEmpty(cursor) ? null : cursor, PageSize), cancellationToken);
        Queue = (await mediator.Send(new GetMyQueues.Query(), cancellationToken)).Queues.FirstOrDefault(queue => queue.Id == id);
        if (Queue is not null)
            await pageAssociation.FindAsync(new FindAssociation.Query(AssociationCode: Queue.AssociationCode), cancellationToken);
    }
}
