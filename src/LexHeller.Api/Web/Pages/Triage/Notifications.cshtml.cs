using LexHeller.Api.Features.Notifications;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Triage;

/// <summary>
/// A steering-group member's choice of how the group's notifications reach them (<see cref="NotificationSettings"/>):
/// an e-mail at once for each event, or one e-mail a day listing them.
/// </summary>
public sealed class NotificationsModel(IMediator mediator) : WebPageModel(Form)
{
    private static readonly FormFields Form = new(
        new FormField("delivery", "Delivery", "Hur vill du få aviseringar?", "Välj hur du vill få aviseringar.", "Välj hur du vill få aviseringar."));

    [BindProperty]
    public string? Delivery { get; set; }

    public int DigestHour { get; private set; }

    public static string Immediate => NotificationPreferences.Immediate;

    public static string Digest => NotificationPreferences.Digest;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(keepChoice: false, cancellationToken);

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        SubmitAsync(async () =>
        {
            var settings = await mediator.Send(new NotificationSettings.Command(Delivery), cancellationToken);
            Confirmation = settings.Delivery == Digest
                ? $"Du får nu en sammanfattning om dagen, från klockan {settings.DigestHour}."
                : "Du får nu ett e-postmeddelande direkt vid varje händelse.";
            return RedirectToPage();
        }, () => LoadAsync(keepChoice: true, cancellationToken));

    private async Task LoadAsync(bool keepChoice, CancellationToken cancellationToken)
    {
        var settings = await mediator.Send(new NotificationSettings.Query(), cancellationToken);
        DigestHour = settings.DigestHour;
        if (!keepChoice)
            Delivery = settings.Delivery;
    }
}
