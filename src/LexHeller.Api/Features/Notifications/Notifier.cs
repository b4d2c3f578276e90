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

    /// <summary>A member's daily digest of the group's notifications (<see cref="NotificationDigestJob"/>).</summary>
    public const string KindGroupDigest = "group-digest";

    /// <summary>A party's manager contact, told once that a referral is long overdue (<see cref="ReferralReminderJob"/>).</summary>
    public const string KindManagerEscalation = "manager-escalation";

    /// <summary>The reporter's receipt, mailed on submit when an address was given.</summary>
    public const string KindReceipt = "receipt";

    /// <summary>Whether a kind is one of what the steering group is told (each starts <c>group-</c>).</summary>
    public static bool IsGroupKind(string kind) => kind.StartsWith("group-", StringComparison.Ordinal);

    /// <summary>
    /// The members of the steering group that owns the report's queue; while the report has no queue, the members of
    /// every steering group of its association (any of them may triage it, ADR 13).
    /// </summary>
    private const string GroupMembers = """
        SELECT DISTINCT m.user_key, COALESCE(np.delivery, 'immediate') AS delivery
        FROM reports r
        JOIN steering_groups g ON g.association_id = r.association_id
        JOIN steering_group_members m ON m.steering_group_id = g.id
        LEFT JOIN notification_preferences np ON np.user_key = m.user_key
        WHERE r.id = @ReportId
          AND (r.queue_id IS NULL OR g.id = (SELECT q.steering_group_id FROM queues q WHERE q.id = r.queue_id))
        ORDER BY m.user_key
        """;

    /// <summary>The party's latest referral of the report: the page its mail links to.</summary>
    private const string LatestReferral = """
        SELECT id FROM referrals WHERE report_id = @ReportId AND party_id = @PartyId ORDER BY created_at DESC, id DESC
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

    /// <summary>
    /// Tells every contact person of a party. The mail links to the party's latest referral of the report (its own
    /// page), or to the party's inbox while it has none.
    /// </summary>
    public static async Task NotifyPartyAsync(DbSession session, Guid partyId, Guid reportId, string kind, string eventKey,
        string subject, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var contacts = await session.QueryAsync<string>(
            PartyContacts, new { PartyId = partyId }, cancellationToken);
        var referralId = await session.QueryFirstOrDefaultAsync<Guid?>(LatestReferral, new { ReportId = reportId, PartyId = partyId }, cancellationToken);
        var link = referralId is { } id ? MailLinks.Referral(id) : MailLinks.PartyInbox;
        foreach (var contact in contacts)
        {
            await Outbox.EnqueueAsync(session, new OutgoingEmail(OutboxKeys.For(kind, eventKey, contact), kind, reportId, contact, subject, body + Signature,
                LinkPath: link), now, cancellationToken);
        }
    }

    /// <summary>
    /// Tells each member of the steering group that owns the report (see <see cref="GroupMembers"/>), with a link to
    /// the report's page: at once, or, for a member who chose the daily digest (<see cref="NotificationPreferences"/>),
    /// as an item of their next digest (<see cref="NotificationDigestJob"/>).
    /// </summary>
    public static async Task NotifyGroupAsync(DbSession session, Guid reportId, string kind, string eventKey,
        string subject, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var members = await session.QueryAsync<GroupMember>(GroupMembers, new { ReportId = reportId }, cancellationToken);
        var link = MailLinks.Report(reportId);
        foreach (var member in members)
        {
            var key = OutboxKeys.For(kind, eventKey, member.UserKey);
            if (member.Delivery == NotificationPreferences.Digest)
                await NotificationDigest.AddAsync(session, key, member.UserKey, reportId, kind, subject, link, now, cancellationToken);
            else
                await Outbox.EnqueueAsync(session, new OutgoingEmail(key, kind, reportId, member.UserKey, subject, body + Signature, LinkPath: link),
                    now, cancellationToken);
        }
    }

    /// <summary>Tells one address that is no user's (a party's manager contact) about a report, linking to <paramref name="linkPath"/>.</summary>
    public static Task NotifyAddressAsync(DbSession session, Guid reportId, string address, string kind, string eventKey,
        string subject, string body, string linkPath, DateTimeOffset now, CancellationToken cancellationToken) =>
        Outbox.EnqueueAsync(session, new OutgoingEmail(OutboxKeys.For(kind, eventKey, address), kind, reportId, address, subject, body + Signature,
            LinkPath: linkPath), now, cancellationToken);

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
    /// The body as sent: with a line linking to the page where the recipient acts on it, before the signature — the
    /// message's own page (<see cref="OutgoingEmail.LinkPath"/>: the report's page for the steering group, the referral's
    /// for a party), or for the reporter the receipt itself when its token was kept sealed with the contact (ADR 6), else
    /// the page where the code is typed in; a message queued without a page (before migration 0021) links by its kind.
    /// The link is made when the message is sent, from <c>App:PublicBaseUrl</c>, so that queued mail names the address
    /// in force; without a configured address (Development) there is no link.
    /// </summary>
    public static string WithLink(string body, string kind, string? linkPath, bool toReporter, string? receiptToken, PublicAddress address)
    {
        var (path, label) = toReporter
            ? receiptToken is { } token ? (MailLinks.Receipt(token), "Din kvittosida") : (MailLinks.FindReceipt, "Kvittosidan (skriv in koden från ditt kvitto)")
            : linkPath is { } page ? (page, LabelOf(page))
            : kind == KindPattern ? (MailLinks.Statistics, "Statistik och återkommande mönster")
            : (MailLinks.PartyInbox, "Frågor till er organisation");
        if (address.Absolute(path) is not { } link)
            return body;

        var line = $"\n\n{label}: {link}";
        var signature = body.LastIndexOf(Signature, StringComparison.Ordinal);
        return signature < 0 ? body + line : body.Insert(signature, line);
    }

    private static string LabelOf(string path) =>
        path.StartsWith("/triage/avvikelse/", StringComparison.Ordinal) ? "Avvikelsen i Lex Heller"
        : path.StartsWith("/part/remiss/", StringComparison.Ordinal) ? "Remissen i Lex Heller"
        : path == MailLinks.Statistics ? "Statistik och återkommande mönster"
        : path == MailLinks.Triage ? "Styrgruppens köer i Lex Heller"
        : "Lex Heller";

    /// <summary>The closing lines of every mail, after which nothing is added.</summary>
    public const string Signature = "\n\n-- \nLex Heller, samordningsförbundets avvikelsetjänst. Svara inte på detta meddelande.";

    private sealed class GroupMember
    {
        public string UserKey { get; init; } = "";
        public string Delivery { get; init; } = "";
    }
}
