namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// An e-mail to send. <see cref="DedupKey"/> names it, so it is queued once however often it is asked for.
/// It belongs to <see cref="AssociationId"/>, or when that is left out to the association of <see cref="ReportId"/>.
/// <see cref="LinkPath"/> is the page it links to (<see cref="MailLinks"/>), made absolute when it is sent; null: the link of its kind.
/// </summary>
public sealed record OutgoingEmail(string DedupKey, string Kind, Guid? ReportId, string Recipient, string Subject, string Body, Guid? AssociationId = null,
    string? LinkPath = null);

/// <summary>
/// The transactional outbox: a notification is written in the transaction of the event that causes
/// it, so it exists exactly when the event does, and the dispatcher sends it afterwards.
/// </summary>
public static class Outbox
{
    /// <summary>The recipient of a message to a report's reporter: the address is opened from the sealed contact when it is sent.</summary>
    public const string ReporterRecipient = "reporter";

    /// <summary>The length of <c>outbox_messages.recipient</c> (NVARCHAR(320) on SQL Server): the longest address.</summary>
    public const int RecipientMaxLength = 320;

    /// <summary>The length of <c>outbox_messages.kind</c> (NVARCHAR(50) on SQL Server).</summary>
    public const int KindMaxLength = 50;

    private const string Insert = """
        INSERT INTO outbox_messages (id, dedup_key, kind, report_id, association_id, recipient, subject, body, created_at, attempts, next_attempt_at, link_path)
        SELECT @Id, @DedupKey, @Kind, @ReportId, COALESCE(@AssociationId, (SELECT association_id FROM reports WHERE id = @ReportId)),
               @Recipient, @Subject, @Body, @Now, 0, @Now, @LinkPath
        WHERE NOT EXISTS (SELECT 1 FROM outbox_messages WHERE dedup_key = @DedupKey)
        """;

    /// <summary>Queues the e-mail unless one with the same key is queued already; true when it was queued now.</summary>
    /// <exception cref="ArgumentException">The key, kind or recipient is longer than its column: a defect of the caller,
    /// said here on both engines rather than by SQL Server alone (Msg 2628) while SQLite would store it.</exception>
    public static async Task<bool> EnqueueAsync(DbSession session, OutgoingEmail email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (email.DedupKey.Length > OutboxKeys.MaxLength)
            throw new ArgumentException($"The dedup key is {email.DedupKey.Length} characters, more than the {OutboxKeys.MaxLength} of outbox_messages.dedup_key: make it with {nameof(OutboxKeys)}.{nameof(OutboxKeys.For)}.", nameof(email));
        if (email.Recipient.Length > RecipientMaxLength)
            throw new ArgumentException($"The recipient is {email.Recipient.Length} characters, more than the {RecipientMaxLength} of outbox_messages.recipient.", nameof(email));
        if (email.Kind.Length > KindMaxLength)
            throw new ArgumentException($"The kind is {email.Kind.Length} characters, more than the {KindMaxLength} of outbox_messages.kind.", nameof(email));

        try
        {
            var inserted = await session.ExecuteAsync(Insert, new
            {
                Id = Guid.CreateVersion7(now),
                email.DedupKey,
                email.Kind,
                email.ReportId,
                email.AssociationId,
                email.Recipient,
                email.Subject,
                email.Body,
                email.LinkPath,
                Now = now,
            }, cancellationToken);
            return inserted == 1;
        }
        catch (System.Data.Common.DbException exception) when (session.Dialect.IsUniqueViolation(exception))
        {
            // A concurrent transaction queued the same notification between the check and the insert.
            return false;
        }
    }
}
