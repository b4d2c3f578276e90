using LexHeller.Domain.Insight;

namespace LexHeller.Bench;

/// <summary>
/// Reads the database after a restart (read-only) and says whether every acknowledged report is there
/// whole, whether references are gapless, and whether SQLite finds the file sound. bench/README.md
/// lists exactly what is checked.
/// </summary>
public static class CrashChecker
{
    public sealed record IntakeResult(int Lost, int Incomplete, int Gaps, string Integrity, IReadOnlyList<string> Problems);

    private sealed record Report(string Reference, string Status, string? QueueId, string? ForwardedTo, string? ForwardedFrom);

    private sealed record Event(int Sequence, string Type, string? Data);

    public static IntakeResult Intake(string database, IReadOnlyList<CrashDurability.Ack> acknowledged, IReadOnlyList<CrashDurability.Ack> resent, DateTime runStarted)
    {
        using var connection = Open(database);
        var problems = new List<string>();
        var reports = Query(connection, "SELECT id, reference, status, queue_id, forwarded_to_report_id, forwarded_from_report_id FROM reports")
            .ToDictionary(row => Guid.Parse(row[0]), row => new Report(row[1], row[2], Null(row[3]), Null(row[4]), Null(row[5])));
        var parties = Query(connection, "SELECT report_id, COUNT(*) FROM report_involved_parties GROUP BY report_id")
            .ToDictionary(row => Guid.Parse(row[0]), row => int.Parse(row[1], CultureInfo.InvariantCulture));
        var contacts = Query(connection, "SELECT report_id FROM reporter_contacts").Select(row => Guid.Parse(row[0])).ToHashSet();
        var receipts = Query(connection, "SELECT report_id FROM receipts").Select(row => Guid.Parse(row[0])).ToHashSet();
        var events = Query(connection, "SELECT report_id, sequence, event_type, data FROM report_events ORDER BY report_id, sequence")
            .GroupBy(row => Guid.Parse(row[0]), row => new Event(int.Parse(row[1], CultureInfo.InvariantCulture), row[2], Null(row[3])))
            .ToDictionary(group => group.Key, group => group.ToList());

        var lost = 0;
        var incomplete = 0;
        foreach (var ack in acknowledged)
        {
            if (!reports.TryGetValue(ack.Id, out var report))
            {
                lost++;
                problems.Add($"LOST: report {ack.Id} ({ack.Reference}) was answered 201 but is not in the database");
                continue;
            }

            var missing = new List<string>();
            if (report.Reference != ack.Reference)
                missing.Add($"reference {report.Reference}, answered {ack.Reference}");
            if (report.Status != ack.Status)
                missing.Add($"status {report.Status}, answered {ack.Status}");
            if (parties.GetValueOrDefault(ack.Id) != ack.Sent.Parties)
                missing.Add($"{parties.GetValueOrDefault(ack.Id)} involved parties of {ack.Sent.Parties}");
            if (contacts.Contains(ack.Id) != ack.Sent.Contact)
                missing.Add(ack.Sent.Contact ? "no reporter contact" : "a reporter contact that was not sent");
            if (!receipts.Contains(ack.Id))
                missing.Add("no receipt");
            missing.AddRange(CheckEvents(ack.Id, events.GetValueOrDefault(ack.Id) ?? [], report, reports, parties, contacts, events, ack.Sent));
            if (missing.Count > 0)
            {
                incomplete++;
                problems.Add($"INCOMPLETE: report {ack.Id} ({ack.Reference}): {string.Join("; ", missing)}");
            }
        }

        // Exactly once: every report filed through the form channel (the bench's reporter; the seed and the
        // forwarded copies are 'system') was acknowledged, so none was filed twice or behind the client's back.
        var acknowledgedIds = acknowledged.Select(ack => ack.Id).ToHashSet();
        foreach (var row in Query(connection, "SELECT id, reference FROM reports WHERE channel = 'form'"))
        {
            if (!acknowledgedIds.Contains(Guid.Parse(row[0])))
                problems.Add($"UNACKNOWLEDGED: report {row[0]} ({row[1]}) is in the database but no request was answered with it");
        }

        // The requests cut off by a kill and sent again: one report each, the one the re-send answered with.
        foreach (var ack in resent)
        {
            var records = Query(connection, "SELECT report_id FROM idempotency_records WHERE idempotency_key = $p0", ack.Sent.Key);
            if (records.Count != 1 || Guid.Parse(records[0][0]) != ack.Id)
                problems.Add($"IDEMPOTENCY: key {ack.Sent.Key} has {records.Count} records ({string.Join(", ", records.Select(r => r[0]))}); the re-send answered {ack.Id}");
        }

        var gaps = 0;
        foreach (var row in Query(connection, """
            SELECT c.association_id, c.year, c.last_value, COUNT(r.id), COUNT(DISTINCT r.reference_sequence), MIN(r.reference_sequence), MAX(r.reference_sequence)
            FROM reference_counters c LEFT JOIN reports r ON r.association_id = c.association_id AND r.reference_year = c.year
            GROUP BY c.association_id, c.year, c.last_value
            """))
        {
            var (last, count, distinct, min, max) = (Int(row[2]), Int(row[3]), Int(row[4]), Int(row[5]), Int(row[6]));
            if (count != last || distinct != count || max != last || (count > 0 && min != 1))
            {
                gaps++;
                problems.Add($"GAP: association {row[0]} year {row[1]}: counter {last}, {count} reports, {distinct} distinct sequences {min}..{max}");
            }
        }

        foreach (var row in Query(connection, """
            SELECT r.association_id, r.reference_year, COUNT(*) FROM reports r
            WHERE NOT EXISTS (SELECT 1 FROM reference_counters c WHERE c.association_id = r.association_id AND c.year = r.reference_year)
            GROUP BY r.association_id, r.reference_year
            """))
        {
            gaps++;
            problems.Add($"GAP: association {row[0]} year {row[1]}: {row[2]} reports without a reference counter");
        }

        problems.AddRange(CheckPatternOutbox(connection, DateOnly.FromDateTime(runStarted).AddDays(-1)));

        var integrity = string.Join(" ", Query(connection, "PRAGMA integrity_check").Select(row => row[0]));
        var foreignKeys = Query(connection, "PRAGMA foreign_key_check");
        if (foreignKeys.Count > 0)
        {
            integrity += $"; {foreignKeys.Count} foreign-key violations";
            problems.Add($"FOREIGN KEYS: {foreignKeys.Count} violations, first in {foreignKeys[0][0]}");
        }

        return new IntakeResult(lost, incomplete, gaps, integrity, problems);
    }

    /// <summary>
    /// The events of a filed report: sequences 1..n; 'submitted' first; then the routing decision ('routed' or
    /// 'unrouted'). Routed to a queue: the report is in that queue. Forwarded by the rule: the report is
    /// closed with a 'closed' event and points to a copy in the other association that points back, has a
    /// 'forwarded-in' event, the same involved parties and (when one was sent) the reporter contact.
    /// </summary>
    private static IEnumerable<string> CheckEvents(Guid id, List<Event> events, Report report, Dictionary<Guid, Report> reports,
        Dictionary<Guid, int> parties, HashSet<Guid> contacts, Dictionary<Guid, List<Event>> allEvents, CrashDurability.Sent sent)
    {
        if (events.Count == 0)
        {
            yield return "no events";
            yield break;
        }

        if (!events.Select(e => e.Sequence).SequenceEqual(Enumerable.Range(1, events.Count)))
            yield return $"event sequences {string.Join(",", events.Select(e => e.Sequence))}";
        if (events[0].Type != "submitted")
            yield return $"first event {events[0].Type}, not submitted";
        var routing = events.FirstOrDefault(e => e.Type is "routed" or "unrouted");
        if (routing is null)
        {
            yield return "no routing event";
            yield break;
        }

        if (routing.Type == "unrouted" || routing.Data is null)
            yield break;
        using var data = JsonDocument.Parse(routing.Data);
        if (data.RootElement.TryGetProperty("queueId", out var queue) && queue.ValueKind == JsonValueKind.String
            && !string.Equals(queue.GetString(), report.QueueId, StringComparison.OrdinalIgnoreCase))
            yield return $"routed to queue {queue.GetString()} but in queue {report.QueueId ?? "none"}";
        if (!data.RootElement.TryGetProperty("forwardToAssociationId", out var forward) || forward.ValueKind != JsonValueKind.String)
            yield break;

        if (report.Status != "closed" || !events.Any(e => e.Type == "closed"))
            yield return "forwarded but not closed";
        if (report.ForwardedTo is not { } copyText || !reports.TryGetValue(Guid.Parse(copyText), out var copy))
        {
            yield return "forwarded but no copy";
            yield break;
        }

        var copyId = Guid.Parse(copyText);
        if (!string.Equals(copy.ForwardedFrom, id.ToString(), StringComparison.OrdinalIgnoreCase))
            yield return "the copy does not point back";
        if (!(allEvents.GetValueOrDefault(copyId) ?? []).Any(e => e.Type == "forwarded-in"))
            yield return "the copy has no forwarded-in event";
        if (parties.GetValueOrDefault(copyId) != sent.Parties)
            yield return "the copy lacks involved parties";
        if (contacts.Contains(copyId) != sent.Contact)
            yield return "the copy's reporter contact differs";
    }

    /// <summary>
    /// Intake writes to the outbox only when a report makes a pattern new: pattern_detections gets
    /// first_detected_on = today and each steering-group member gets a 'pattern' message keyed
    /// pattern:{association}:{category~kinds}:{day}:{member}, in the same transaction. So each detection
    /// first found since <paramref name="since"/> in an association with steering-group members has at
    /// least one such message, and each such message has its detection.
    /// </summary>
    private static IEnumerable<string> CheckPatternOutbox(SqliteConnection connection, DateOnly since)
    {
        var sinceText = since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in Query(connection, """
            SELECT d.association_id, d.category, d.party_kinds, d.first_detected_on,
                   (SELECT COUNT(*) FROM steering_group_members m JOIN steering_groups g ON g.id = m.steering_group_id WHERE g.association_id = d.association_id)
            FROM pattern_detections d WHERE d.first_detected_on >= $p0
            """, sinceText))
        {
            var prefix = $"pattern:{Guid.Parse(row[0]):N}:{PatternKey.Format(row[1], row[2])}:{row[3]}:";
            prefixes.Add(prefix);
            var messages = Int(Query(connection, "SELECT COUNT(*) FROM outbox_messages WHERE dedup_key LIKE $p0 || '%'", prefix)[0][0]);
            if (messages == 0 && Int(row[4]) > 0)
                yield return $"OUTBOX: pattern {row[1]}~{row[2]} detected on {row[3]} without its steering-group messages";
        }

        foreach (var row in Query(connection, "SELECT dedup_key FROM outbox_messages WHERE kind = 'pattern' AND created_at >= $p0", sinceText))
        {
            var key = row[0];
            if (!prefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)))
                yield return $"OUTBOX: pattern message {key} without its detection";
        }
    }

    /// <summary>
    /// Shows the checker is not blind: on a copy of the database, a receipt deleted and a reference counter
    /// moved one ahead, plus an acknowledgement of a report that never was, must come out as incomplete, gap and lost.
    /// </summary>
    public static bool SelfTest(string database, IReadOnlyList<CrashDurability.Ack> acknowledged, DateTime runStarted)
    {
        var copy = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, "crash-selftest.db");
        File.Delete(copy);
        using (var source = Open(database))
        using (var target = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            source.BackupDatabase(target);
            target.Open();
            using var damage = target.CreateCommand();
            damage.CommandText = """
                DELETE FROM receipts WHERE report_id = $report;
                UPDATE reference_counters SET last_value = last_value + 1 WHERE rowid = (SELECT MIN(rowid) FROM reference_counters);
                """;
            damage.Parameters.AddWithValue("$report", acknowledged[0].Id.ToString());
            damage.ExecuteNonQuery();
        }

        var ghost = acknowledged[0] with { Id = Guid.CreateVersion7(), Reference = "0000-00000" };
        var result = Intake(copy, [.. acknowledged, ghost], [], runStarted);
        File.Delete(copy);
        return result is { Lost: 1, Incomplete: 1, Gaps: 1 };
    }

    /// <summary>Queues <paramref name="count"/> due messages directly (the bench's stand-in for actions that notify).</summary>
    public static void InsertOutboxMessages(string database, int count)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO outbox_messages (id, dedup_key, kind, report_id, recipient, subject, body, created_at, attempts, next_attempt_at)
            VALUES ($id, $key, 'bench', NULL, $recipient, $subject, $body, $now, 0, $now)
            """;
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        foreach (var name in new[] { "$id", "$key", "$recipient", "$subject", "$body", "$now" })
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        insert.Prepare();
        for (var i = 0; i < count; i++)
        {
            insert.Parameters["$id"].Value = Guid.CreateVersion7().ToString();
            insert.Parameters["$key"].Value = $"bench:{i}";
            insert.Parameters["$recipient"].Value = $"mottagare{i}@example.org";
            insert.Parameters["$subject"].Value = $"Avvikelse {i}: ny remiss att besvara";
            insert.Parameters["$body"].Value = $"Hej!\n\nEn avvikelse väntar på ert svar i Lex Heller (meddelande {i}).\n\n-- \nLex Heller";
            insert.Parameters["$now"].Value = now;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public static long Scalar(string database, string sql)
    {
        using var connection = Open(database);
        return long.Parse(Query(connection, sql)[0][0], CultureInfo.InvariantCulture);
    }

    public static List<string[]> Rows(string database, string sql)
    {
        using var connection = Open(database);
        return Query(connection, sql);
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    private static List<string[]> Query(SqliteConnection connection, string sql, params object[] arguments)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < arguments.Length; i++)
            command.Parameters.AddWithValue($"$p{i}", arguments[i]);
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!)]);
        return rows;
    }

    private static string? Null(string text) => text.Length == 0 ? null : text;

    private static int Int(string text) => text.Length == 0 ? 0 : int.Parse(text, CultureInfo.InvariantCulture);
}
