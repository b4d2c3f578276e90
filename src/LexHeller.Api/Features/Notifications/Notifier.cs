using LexHeller.Api.Features.Admin;
using LexHeller.Api.Features.Privacy;

namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// Who is told what, in Swedish: the reporter (when a contact e-mail was given) and a party's
/// contact persons. Every notification goes through the outbox, inside the caller's transaction.
/// </summary>
public static class Notifier
{
    public const string KindInformationRequest = "information-request";
    public const string KindReferral = "referral";
    public const string KindReferralToReporter = "referral-to-reporter";
    public const string KindReminderBeforeDue = "reminder-before-due";
    public const string KindReminderAfterDue = "reminder-after-due";
    public const string KindAnswer = "answer";
    public const string KindClosure = "closure";
    public const string KindPattern = "pattern";
    public const string KindQuestionWithdrawn = "question-withdrawn";
    public const string KindReferralWithdrawn = "referral-withdrawn";

    /// <summary>What the steering group that owns a report is told of (each member, ADR 6).</summary>
    public const string KindGroupNewReport = "group-new-report";
    public const string KindGroupReporterReply = "group-reporter-reply";
    public const string KindGroupPartyAnswer = "group-party-answer";
    public const string KindGroupAllAnswered = "group-all-answered";
    public const string KindGroupOverdue = "group-overdue";
    public const string KindGroupContest = "group-contest";
    public const string KindGroupDeclined = "group-declined";
    public const string KindGroupRerouted = "group-rerouted";

    /// <summary>
    /// The members of the steering group that owns the report's queue; while the report has no queue, the members of
    /// every steering group of its association (any of them may triage it, ADR 13).
    /// </summary>
    private const string GroupMembers = """
        SELECT DISTINCT m.user_key
        FROM reports r
        JOIN steering_groups g ON g.association_id = r.association_id
        JOIN steering_group_members m ON m.steering_group_id = g.id
        WHERE r.id = @ReportId
          AND (r.queue_id IS NULL OR g.id = (SELECT q.steering_group_id FROM queues q WHERE q.id = r.queue_id))
        ORDER BY m.user_key
        """;

    /// <summary>A party's contact persons: its members who hold the role responder in its association (not its reporters).</summary>
    private const string PartyContacts = ListPartyContacts.ContactsOfParty;

    /// <summary>
    /// Tells the reporter, when the report has a contact e-mail. <paramref name="eventKey"/> names the cause once.
    /// The outbox names the recipient <see cref="Outbox.ReporterRecipient"/>: the address stays sealed until the message is sent.
    /// </summary>
    public static async Task NotifyReporterAsync(DbSession session, Guid reportId, string kind, string eventKey,
        string subject, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await ReporterContacts.HasEmailAsync(session, reportId, cancellationToken))
            return;

        await Outbox.EnqueueAsync(session, new OutgoingEmail(OutboxKeys.For(kind, eventKey, Outbox.ReporterRecipient), kind, reportId, Outbox.ReporterRecipient,
            subject, body + Signature), now, cancellationToken);
    }

    /// <summary>Tells every contact person of a party.</summary>
    public static async Task NotifyPartyAsync(DbSession session, Guid partyId, Guid reportId, string kind, string eventKey,
        string subject, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var contacts = await session.QueryAsync<string>(
            PartyContacts, new { PartyId = partyId }, cancellationToken);
        foreach (var contact in contacts)
        {
            await Outbox.EnqueueAsync(session, new OutgoingEmail(OutboxKeys.For(kind, eventKey, contact), kind, reportId, contact, subject, body + Signature),
                now, cancellationToken);
        }
    }

    /// <summary>Tells each member of the steering group that owns the report (see <see cref="GroupMembers"/>).</summary>
    public static async Task NotifyGroupAsync(DbSession session, Guid reportId, string kind, string eventKey,
        string subject, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var members = await session.QueryAsync<string>(GroupMembers, new { ReportId = reportId }, cancellationToken);
        foreach (var member in members)
        {
            await Outbox.EnqueueAsync(session, new OutgoingEmail(OutboxKeys.For(kind, eventKey, member), kind, reportId, member, subject, body + Signature),
                now, cancellationToken);
        }
    }

    /// <summary>Tells each of <paramref name="userKeys"/> (users are keyed by e-mail) about something of the association that is no one report's.</summary>
    public static async Task NotifyUsersAsync(DbSession session, Guid associationId, IEnumerable<string> userKeys, string kind, string eventKey,
        string subject, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var userKey in userKeys)
        {
            await Outbox.EnqueueAsync(session, new OutgoingEmail(OutboxKeys.For(kind, eventKey, userKey), kind, null, userKey, subject, body + Signature, associationId),
                now, cancellationToken);
        }
    }

    /// <summary>
    /// The body as sent: with a line linking to the page where the recipient acts on it — the receipt page for
    /// the reporter (who types the code from their receipt: the token itself is never mailed), the party's
    /// questions for its contacts, the statistics with the patterns for steering-group members — before the
    /// signature. The link is added when the message is sent, from <c>App:PublicBaseUrl</c>, so that queued mail
    /// names the address in force; without a configured address (Development) there is no link.
    /// </summary>
    public static string WithLink(string body, string kind, bool toReporter, PublicAddress address)
    {
        var (path, label) = toReporter ? ("/kvitto", "Kvittosidan (skriv in koden från ditt kvitto)")
            : kind == KindPattern ? ("/statistik", "Statistik och återkommande mönster")
            : ("/part", "Frågor till er organisation");
        if (address.Absolute(path) is not { } link)
            return body;

        var line = $"\n\n{label}: {link}";
        var signature = body.LastIndexOf(Signature, StringComparison.Ordinal);
        return signature < 0 ? body + line : body.Insert(signature, line);
    }

    private const string Signature = "\n\n-- \nLex Heller, samordningsförbundets avvikelsetjänst. Svara inte på detta meddelande.";
}
