using LexHeller.Api.Features.Receipts;
using LexHeller.Api.Features.ReferenceData;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Receipt;

/// <summary>
/// Kvitto: the reporter's view of the report (<see cref="GetReceipt"/>), the reply to an open question, the answer to
/// "Ledde svaret till en förbättring?" once it is closed (<see cref="PostReceiptFeedback"/>), and the withdrawal of the
/// reporter's contact details (<see cref="DeleteReceiptContact"/>).
/// </summary>
public sealed class ShowReceiptModel(IMediator mediator, PageAssociation pageAssociation)
    : WebPageModel(ReplyFields)
{
    private static readonly FormFields ReplyFields = new(new FormField("text", nameof(Reply), "Ditt svar", "Skriv ditt svar på frågan."));

    private static readonly FormFields FeedbackFields = new(
        new FormField("helped", nameof(Helped), "Ledde svaret till en förbättring?", "Välj ja, delvis, nej eller vet inte.")
        {
            Anchor = $"{nameof(Helped)}_{Codes.Of(ReporterHelped.Yes)}",
        },
        new FormField("comment", nameof(Comment), "Kommentar"));

    /// <summary>The answers in the order the form offers them, each with its Swedish label.</summary>
    public static IReadOnlyList<(ReporterHelped Value, string Label)> HelpedChoices { get; } =
    [
        (ReporterHelped.Yes, "Ja"),
        (ReporterHelped.Partly, "Delvis"),
        (ReporterHelped.No, "Nej"),
        (ReporterHelped.Unknown, "Vet inte"),
    ];

    public GetReceipt.Response Receipt { get; private set; } = null!;

    [BindProperty]
    public string? Reply { get; set; }

    [BindProperty]
    public string? Helped { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

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

    public Task<IActionResult> OnPostFeedbackAsync(string token, CancellationToken cancellationToken)
    {
        Fields = FeedbackFields;
        var helped = HelpedChoices.Select(choice => (ReporterHelped?)choice.Value)
            .FirstOrDefault(value => Codes.Of(value!.Value) == Codes.Canonical(Helped));
        var command = new PostReceiptFeedback.Command(helped, string.IsNullOrWhiteSpace(Comment) ? null : Comment.Trim()) { Token = token };
        return SubmitAsync(async () =>
        {
            var answer = await mediator.Send(command, cancellationToken);
            Confirmation = answer.Contested
                ? "Tack för ditt svar. Styrgruppen har fått veta att svaret inte ledde till en förbättring och kan öppna avvikelsen igen."
                : "Tack för ditt svar!";
            return RedirectToPage(new { token });
        }, () => OnGetAsync(token, cancellationToken), command);
    }

    public async Task<IActionResult> OnPostWithdrawContactAsync(string token, CancellationToken cancellationToken)
    {
        var withdrawn = await mediator.Send(new DeleteReceiptContact.Command(token), cancellationToken);
        Confirmation = withdrawn.Withdrawn
            ? "Dina kontaktuppgifter är borttagna. Styrgruppen kan inte längre kontakta dig om avvikelsen, och du får ingen mer e-post om den. Du kan fortfarande följa den här med koden."
            : "Det finns inga kontaktuppgifter kvar att ta bort.";
        return RedirectToPage(new { token });
    }
}
