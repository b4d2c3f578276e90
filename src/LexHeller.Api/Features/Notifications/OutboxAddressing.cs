using LexHeller.Api.Features.Privacy;
using LexHeller.Api.Infrastructure.Mail;

namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// Addresses what the use cases queued (<see cref="Outbox"/>): a message for the reporter goes to the
/// address in the report's sealed contact, opened once per attempt and logged as read by
/// <see cref="ContactReader"/> for a notification; any other recipient is an address already. The body gets
/// its link (to the receipt, the party's inbox or the queue) as it is sent (<see cref="Notifier.WithLink"/>).
/// </summary>
public sealed class OutboxAddressing(ReporterContactSealer contactSealer, PublicAddress publicAddress) : IOutboxAddressing
{
    /// <summary>How the access log names the dispatcher when it opens a reporter's contact to address a message.</summary>
    public const string ContactReader = "system:notifications";

    public async Task<string?> AddressAsync(DbSession session, OutboxMessage message, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        if (message.Recipient != Outbox.ReporterRecipient)
            return message.Recipient;

        var contact = message.ReportId is { } reportId
            ? await ReporterContacts.OpenAsync(session, contactSealer, reportId, ContactReader,
                ReporterContacts.ForNotification, now, logger, cancellationToken)
            : null;
        return contact?.Email;
    }

    public string BodyOf(OutboxMessage message) =>
        Notifier.WithLink(message.Body, message.Kind, message.Recipient == Outbox.ReporterRecipient, publicAddress);
}
