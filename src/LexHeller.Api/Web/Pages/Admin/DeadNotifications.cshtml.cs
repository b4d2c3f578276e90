using LexHeller.Api.Features.Admin;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// An association's notifications that could not be delivered (<see cref="ListDeadNotifications"/>): what, to which
/// kind of recipient, how often and why (the error with every address masked), and sending one again (<see cref="RetryNotification"/>).
/// </summary>
public sealed class DeadNotificationsModel(IMediator mediator) : AdminPageModel(AdminNavigation.DeadNotifications)
{
    private static readonly FormFields RetryFields = new(new FormField("id", "notificationId", "Meddelande"));

    public IReadOnlyList<ListDeadNotifications.DeadNotification> Notifications { get; private set; } = [];

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostRetryAsync(Guid notificationId, CancellationToken cancellationToken) =>
        ChangeAsync(RetryFields, () => mediator.Send(new RetryNotification.Command(notificationId), cancellationToken).AsTask(),
            "Meddelandet skickas igen inom kort.", () => LoadAsync(cancellationToken), conflicts: new Dictionary<string, (string, string)>
            {
                ["The notification is not a dead letter"] = ("",
                    "Meddelandet väntar inte längre: det har redan skickats igen, skickats eller stoppats. Sidan visar nu de meddelanden som fortfarande inte är levererade."),
            });

    /// <summary>What a message was about, in Swedish.</summary>
    public static string Kind(string kind) => kind switch
    {
        "information-request" => "Fråga till rapportören",
        "referral" => "Fråga till part",
        "referral-to-reporter" => "Besked till rapportören om frågan till part",
        "reminder-before-due" => "Påminnelse före svarsdatum",
        "reminder-after-due" => "Påminnelse efter svarsdatum",
        "answer" => "Partens svar",
        "closure" => "Besked om avslut",
        "pattern" => "Återkommande mönster",
        _ => kind,
    };

    /// <summary>Who the message was for, never the address.</summary>
    public static string Recipient(string recipientKind) => recipientKind switch
    {
        ListDeadNotifications.RecipientReporter => "Rapportören",
        ListDeadNotifications.RecipientSteeringGroupMember => "Styrgruppens ledamöter",
        _ => "Partens kontaktperson",
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Notifications = (await mediator.Send(new ListDeadNotifications.Query(Code), cancellationToken)).Notifications;
        // The list does not name the association; the steering groups' list does, with the same access.
        AssociationName = (await mediator.Send(new ListSteeringGroups.Query(Code), cancellationToken)).AssociationName;
    }
}
