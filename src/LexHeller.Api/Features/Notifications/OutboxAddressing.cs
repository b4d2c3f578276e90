using LexHeller.Api.Features.Privacy;
using LexHeller.Api.Infrastructure.Mail;

namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// Addresses what the use cases queued (<see cref="Outbox"/>): a message for the reporter goes to the
/// address in the report's sealed contact, opened once per attempt and logged as read by
/// <see cref="ContactReader"/> for a notification; any other recipient is an address already. The body gets
/// its link (the receipt, the referral's or the report's own page) as it is sent (<see cref="Notifier.WithLink"/>).
/// </summary>
public sealed class OutboxAddressing(ReporterContactSealer contactSealer, PublicAddress publicAddress) : IOutboxAddressing
{
    /// <summary>How the access log names the dispatcher when it opens a reporter's contact to address a message.</summary>
    public const string ContactReader = "system:notifications";

    public async Task<AddressedMessage?> AddressAsync(DbSession session, OutboxMessage message, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        if (message.Recipient != Outbox.ReporterRecipient)
            return new AddressedMessage(message.Recipient, Notifier.WithLink(message.Body, message.Kind, message.LinkPath, toReporter: false, null, publicAddress));

        if (message.ReportId is not { } reportId)
            return null;
        var contact = await ReporterContacts.OpenAsync(session, contactSealer, reportId, ContactReader,
            ReporterContacts.ForNotification, now, logger, cancellationToken);
        if (contact?.Email is not { } email)
            return null;

        // Kept sealed with the contact (ADR 6): the receipt's own link, opened only to be sent to the address the reporter gave.
        var token = await ReporterContacts.OpenReceiptTokenAsync(session, contactSealer, reportId, cancellationToken);
        return new AddressedMessage(email, Notifier.WithLink(message.Body, message.Kind, message.LinkPath, toReporter: true, token, publicAddress));
    }
}
