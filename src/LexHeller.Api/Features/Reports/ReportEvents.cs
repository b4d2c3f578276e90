namespace LexHeller.Api.Features.Reports;

/// <summary>Appends to a report's event log; the log is append-only (enforced by the schema too).</summary>
public static class ReportEvents
{
    public const string Submitted = "submitted";
    public const string Triaged = "triaged";
    public const string InformationRequested = "information-requested";
    public const string Clarified = "clarified";
    public const string Referred = "referred";
    public const string ReferralAnswered = "referral-answered";
    public const string Answered = "answered";
    public const string Closed = "closed";
    public const string Reopened = "reopened";
    public const string Published = "published";
    public const string NoteAdded = "note-added";
    public const string DuplicateLinked = "duplicate-linked";
    public const string LinkedToFollowUp = "linked-to-follow-up";
    public const string ReporterContactPurged = "reporter-contact-purged";
    public const string QuestionWithdrawn = "question-withdrawn";
    public const string ReferralWithdrawn = "referral-withdrawn";
    public const string ReferralDeclined = "referral-declined";
    public const string ReturnedToGroup = "returned-to-group";

    /// <summary>The reporter answered whether the closed report's answer helped (yes, partly or don't know).</summary>
    public const string ReporterFeedback = "reporter-feedback";

    /// <summary>The reporter answered that it did not help: a contest the steering group is told of and may reopen on.</summary>
    public const string ReporterContested = "reporter-contested";

    /// <summary>The reporter withdrew their contact details from the receipt; the event holds none of them.</summary>
    public const string ReporterContactWithdrawn = "reporter-contact-withdrawn";

    private const string Append = """
        INSERT INTO report_events (id, report_id, sequence, occurred_at, event_type, actor, from_status, to_status, reason, data)
        SELECT @Id, @ReportId, COALESCE(MAX(sequence), 0) + 1, @OccurredAt, @EventType, @Actor, @FromStatus, @ToStatus, @Reason, @Data
        FROM report_events
        WHERE report_id = @ReportId
        """;

    public static async Task AppendAsync(
        DbSession session,
        Guid reportId,
        string eventType,
        string actor,
        ReportStatus? fromStatus,
        ReportStatus? toStatus,
        string? reason,
        DateTimeOffset occurredAt,
        CancellationToken cancellationToken,
        string? data = null)
    {
        var arguments = new
        {
            Id = Guid.CreateVersion7(occurredAt),
            ReportId = reportId,
            OccurredAt = occurredAt,
            EventType = eventType,
            Actor = actor,
            FromStatus = fromStatus is { } from ? Codes.Of(from) : null,
            ToStatus = toStatus is { } to ? Codes.Of(to) : null,
            Reason = reason,
            Data = data,
        };

        // State changes take the report's row first (its version), which orders their events. An event
        // without a state change (a note, an answer) can meet another on SQL Server: the loser's number
        // is taken, so it numbers again. SQLite's writers never meet.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await session.ExecuteAsync(Append, arguments, cancellationToken);
                return;
            }
            catch (DbException exception) when (attempt < MaxAttempts && session.Dialect.IsUniqueViolation(exception))
            {
                // A concurrent event took this sequence number; the next pass reads the new maximum.
            }
        }
    }

    private const int MaxAttempts = 3;
}
