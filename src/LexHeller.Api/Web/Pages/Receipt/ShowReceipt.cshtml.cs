using LexHeller.Api.Features.Receipts;
using LexHeller.Api.Features.ReferenceData;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Receipt;

/// <summary>Kvitto: the reporter's view of the report (<see cref="GetReceipt"/>), and the reply to an open question.</summary>
public sealed class ShowReceiptModel(IMediator mediator, PageAssociation pageAssociation)
    : WebPageModel(new FormFields(new FormField("text", nameof(Reply), "Ditt svar", "Skriv ditt svar på frågan.")))
{
    public GetReceipt.Response Receipt { get; private set; } = null!;

    [BindProperty]
    public string? Reply { get; set; }

    public async Task OnGetAsync(string token, CancellationToken cancellationToken)
    {
        Receipt = await mediator.Send(new GetReceipt.Query(token), cancellationToken);
        await pageAssociation.FindAsync(new FindAssociation.Query(Token: token), cancellationToken);
    }

    public Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        var command = new PostReceiptMessage.Command(Reply?.Trim()) { Token = token };
        return SubmitAsync(async () =>
        {
            await mediator.Send(command, cancellationToken);
            Confirmation = "Tack! Ditt svar är skickat till styrgruppen.";
            return RedirectToPage(new { token });
        }, () => OnGetAsync(token, cancellationToken), command);
    }
}
