using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Patterns;

/// <summary>
/// Looks, inside the transaction that filed or re-categorised a report, whether the report's one
/// pattern (its association, category in force and set of involved party kinds) is now at or over
/// the association's threshold in the current window. If so it remembers the day, and when the
/// pattern is new (<see cref="PatternWindow.IsNew"/>) tells the steering groups that own the queues of
/// its reports (the association's groups when none has a queue), once, through the outbox. The
/// message names the category, the party kinds, the count and the window: no report text, no person.
/// </summary>
public static class PatternDetection
{
    private const string Subject = """
        SELECT r.association_id, r.effective_category AS category, r.involved_party_kinds AS party_kinds, r.resolution,
               a.recurrence_window_days, a.recurrence_threshold, c.label_sv AS category_label
        FROM reports r
        JOIN associations a ON a.id = r.association_id
        JOIN categories c ON c.code = r.effective_category
        WHERE r.id = @ReportId
        """;

    private const string Count = $"""
        SELECT COUNT(*) FROM reports r
        WHERE {PatternReports.Counted}
          AND r.effective_category = @Category AND r.involved_party_kinds = @PartyKinds
        """;

    private const string LastDetection = """
        SELECT last_detected_on FROM pattern_detections
        WHERE association_id = @AssociationId AND category = @Category AND party_kinds = @PartyKinds
        """;

    private const string UpdateDetection = """
        UPDATE pattern_detections
        SET last_detected_on = @Today,
            first_detected_on = CASE WHEN @IsNew = 1 THEN @Today ELSE first_detected_on END
        WHERE association_id = @AssociationId AND category = @Category AND party_kinds = @PartyKinds
        """;

    private const string InsertDetection = """
        INSERT INTO pattern_detections (association_id, category, party_kinds, first_detected_on, last_detected_on)
        VALUES (@AssociationId, @Category, @PartyKinds, @Today, @Today)
        """;

    private const string OwningGroupMembers = $"""
        SELECT DISTINCT m.user_key
        FROM reports r
        JOIN queues q ON q.id = r.queue_id
        JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
        WHERE {PatternReports.Counted}
          AND r.effective_category = @Category AND r.involved_party_kinds = @PartyKinds
        ORDER BY m.user_key
        """;

    private const string AnyQueue = $"""
        SELECT COUNT(*) FROM reports r
        WHERE {PatternReports.Counted}
          AND r.effective_category = @Category AND r.involved_party_kinds = @PartyKinds AND r.queue_id IS NOT NULL
        """;

    private const string AssociationGroupMembers = """
        SELECT DISTINCT m.user_key
        FROM steering_groups g
        JOIN steering_group_members m ON m.steering_group_id = g.id
        WHERE g.association_id = @AssociationId
        ORDER BY m.user_key
        """;

    /// <summary>Checks the pattern of <paramref name="reportId"/> as of today; true when it was new and its steering groups were told.</summary>
    public static async Task<bool> CheckAsync(DbSession session, Guid reportId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subject = await session.QuerySingleOrDefaultAsync<SubjectRow>(
            Subject, new { ReportId = reportId }, cancellationToken);
        if (subject is null || subject.PartyKinds.Length == 0 || subject.Resolution is "duplicate" or "forwarded")
            return false;

        // One check at a time per pattern: a submission and a triage into the same category at once would otherwise
        // each count without the other's report (READ_COMMITTED_SNAPSHOT reads it as last committed) and neither
        // would see the threshold reached. The second waits here and then counts the first one's report too.
        await TransactionLocks.ResourceAsync(session, $"pattern:{subject.AssociationId:N}:{subject.Category}:{subject.PartyKinds}",
            cancellationToken);

        var today = SwedishCalendar.DateOf(now);
        var window = new PatternWindow(today, subject.RecurrenceWindowDays);
        var pattern = new
        {
            subject.AssociationId,
            subject.Category,
            subject.PartyKinds,
            From = window.Current.First,
            To = window.Current.Last,
        };
        var count = await session.ScalarAsync<int>(Count, pattern, cancellationToken);
        if (count < subject.RecurrenceThreshold)
            return false;

        var lastDetectedOn = await session.QuerySingleOrDefaultAsync<DateOnly?>(
            LastDetection, pattern, cancellationToken);
        var isNew = window.IsNew(lastDetectedOn);
        // Seen today already: the row says so, and rewriting it would be a write on every report of a busy pattern.
        if (!isNew && lastDetectedOn == today)
            return false;

        await RememberAsync(session, new { subject.AssociationId, subject.Category, subject.PartyKinds, Today = today, IsNew = isNew ? 1 : 0 },
            exists: lastDetectedOn is not null, cancellationToken);
        if (!isNew)
            return false;

        var hasQueue = await session.ScalarAsync<int>(AnyQueue, pattern, cancellationToken) > 0;
        var members = await session.QueryAsync<string>(hasQueue ? OwningGroupMembers : AssociationGroupMembers, pattern,
            cancellationToken);

        var key = PatternKey.Format(subject.Category, subject.PartyKinds);
        PartyKindSet.TryParse(subject.PartyKinds, out var kinds);
        var parties = SwedishList(kinds.Select(Swedish.PartyKind));
        var days = window.Days.ToString(CultureInfo.InvariantCulture);
        await Notifier.NotifyUsersAsync(session, subject.AssociationId, members, Notifier.KindPattern, $"{subject.AssociationId:N}:{key}:{today:yyyy-MM-dd}",
            $"Återkommande mönster: {subject.CategoryLabel}",
            $"""
            Lex Heller har hittat ett återkommande mönster bland avvikelserna.

            Kategori: {subject.CategoryLabel}
            Berörda parter: {parties}
            Antal avvikelser: {count} under de senaste {days} dagarna ({window.Current.First:yyyy-MM-dd} – {window.Current.Last:yyyy-MM-dd}), räknat efter händelsedatum.
            Gränsen för ett mönster är {subject.RecurrenceThreshold} avvikelser.

            Avvikelserna finns under Beredning (/triage) i Lex Heller. Styrgruppen kan där ta ställning till om mönstret behöver en strukturell uppföljning.
            """,
            now, cancellationToken);
        return true;
    }

    private static async Task RememberAsync(DbSession session, object detection, bool exists, CancellationToken cancellationToken)
    {
        if (exists)
        {
            await session.ExecuteAsync(UpdateDetection, detection, cancellationToken);
            return;
        }

        try
        {
            await session.ExecuteAsync(InsertDetection, detection, cancellationToken);
        }
        catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
        {
            // A concurrent transaction detected the same pattern first (SQL Server); the outbox's key keeps its message single.
            await session.ExecuteAsync(UpdateDetection, detection, cancellationToken);
        }
    }

    private static string SwedishList(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} och {list[^1]}";
    }

    private sealed class SubjectRow
    {
        public Guid AssociationId { get; init; }
        public string Category { get; init; } = "";
        public string PartyKinds { get; init; } = "";
        public string? Resolution { get; init; }
        public int RecurrenceWindowDays { get; init; }
        public int RecurrenceThreshold { get; init; }
        public string CategoryLabel { get; init; } = "";
    }
}
