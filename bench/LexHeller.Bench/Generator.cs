using System.Security.Cryptography;
using LexHeller.Domain;
using LexHeller.Domain.Insight;
using LexHeller.Domain.Lifecycle;
using LexHeller.Domain.Reports;

namespace LexHeller.Bench;

/// <summary>
/// Fills a migrated, demo-seeded SQLite database with N reports of one association, drawn like the
/// fixtures: their categories, party-kind combinations, areas, reporter kinds and texts, event dates
/// spread over the years before today, and a realistic spread of statuses with referrals and the
/// milestone times that lead times read. Writes in batches with prepared commands, as fast as SQLite allows.
/// Each report also gets what the service writes alongside it and what the triage and receipt reads
/// touch (issue 8): its queue (as routing sets it), its event log (submitted, routed and one event per
/// transition its status implies), a receipt whose token <see cref="ReceiptToken"/> can rebuild from the
/// seed and the report's index, and the reporter's messages (a question for needs-info, a closing word for
/// out-of-scope). These come from a second random stream, so the reports themselves are drawn exactly as in issue 5.
/// A reference holds five digits of sequence a year (ÅÅÅÅ-NNNNN), so a million reports of one
/// association need twelve years (about 83,000 a year).
/// </summary>
public static class Generator
{
    private const int BatchSize = 20_000;

    private static readonly (string Status, double Share)[] Statuses =
        [("received", 0.06), ("in-triage", 0.05), ("needs-info", 0.02), ("referred", 0.10), ("answered", 0.07), ("closed", 0.70)];

    private static readonly (string Resolution, double Share)[] Resolutions =
        [("answered", 0.40), ("resolved-locally", 0.20), ("structural-follow-up", 0.05), ("not-actionable", 0.15), ("out-of-scope", 0.10), ("duplicate", 0.06), ("forwarded", 0.04)];

    public static void Run(string databasePath, string fixturesPath, string associationCode, int count, int years, int seed, DateOnly today)
    {
        var random = new Random(seed);
        var history = new Random(seed ^ 0x5ca1e); // events, messages: a stream of their own, so issue 5's draws are unchanged
        var fixtures = LoadFixtures(fixturesPath);
        var categories = fixtures.Select(f => f.Category).Concat(CategoryCodes).ToArray(); // every category occurs, the fixtures' more often
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        // Bench data, not reports anyone filed: no journal while generating, WAL again afterwards as the service keeps it.
        Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;");

        var world = World.Read(connection, associationCode);
        var counters = new Dictionary<int, int>();
        foreach (var (year, last) in world.Counters)
            counters[year] = last;

        var firstDay = today.AddYears(-years).AddDays(1);
        var spanDays = today.DayNumber - firstDay.DayNumber + 1;
        // Reports arrive in the order they are filed, as in the service: the rows, their references and
        // the pages they sit on follow filing time, and the event date trails it by up to three weeks.
        var filings = Enumerable.Range(0, count)
            .Select(_ =>
            {
                var eventDate = firstDay.AddDays(random.Next(spanDays));
                return (EventDate: eventDate, CreatedAt: At(Min(today, eventDate.AddDays(random.Next(0, 21))), random));
            })
            .OrderBy(filing => filing.CreatedAt)
            .ToArray();
        var written = 0;
        while (written < count)
        {
            using var transaction = connection.BeginTransaction();
            var insertReport = Prepare(connection, transaction, """
                INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind,
                    reporter_party_id, suggested_category, category, description, consequence, actions_taken, suggested_improvement,
                    affected_gender, anonymous_to_parties, status, channel, version, created_at, updated_at, queue_id, resolution,
                    involved_party_kinds, first_referred_at, first_answered_at, closed_at)
                VALUES ($id, $association, $area, $reference, $year, $sequence, $eventDate, $kind, $reporter, $suggested, $category,
                    $description, $consequence, $actions, $improvement, $gender, 0, $status, 'api', $version, $createdAt, $updatedAt, $queue,
                    $resolution, $kinds, $referredAt, $answeredAt, $closedAt)
                """, "$id", "$association", "$area", "$reference", "$year", "$sequence", "$eventDate", "$kind", "$reporter", "$suggested",
                "$category", "$description", "$consequence", "$actions", "$improvement", "$gender", "$status", "$version", "$createdAt", "$updatedAt",
                "$queue", "$resolution", "$kinds", "$referredAt", "$answeredAt", "$closedAt");
            var insertEvent = Prepare(connection, transaction, """
                INSERT INTO report_events (id, report_id, sequence, occurred_at, event_type, actor, from_status, to_status, reason, data)
                VALUES ($id, $report, $sequence, $at, $type, $actor, $from, $to, $reason, $data)
                """, "$id", "$report", "$sequence", "$at", "$type", "$actor", "$from", "$to", "$reason", "$data");
            var insertReceipt = Prepare(connection, transaction,
                "INSERT INTO receipts (token_hash, report_id, created_at) VALUES ($hash, $report, $createdAt)", "$hash", "$report", "$createdAt");
            var insertMessage = Prepare(connection, transaction, """
                INSERT INTO report_messages (id, report_id, sequence, kind, body, created_at) VALUES ($id, $report, $sequence, $kind, $body, $createdAt)
                """, "$id", "$report", "$sequence", "$kind", "$body", "$createdAt");
            var insertParty = Prepare(connection, transaction,
                "INSERT INTO report_involved_parties (report_id, party_id) VALUES ($report, $party)", "$report", "$party");
            var insertReferral = Prepare(connection, transaction, """
                INSERT INTO referrals (id, report_id, party_id, question, due_on, status, created_at, cause, actions, follow_up_plan,
                    responder_name, responder_role, answered_at)
                VALUES ($id, $report, $party, 'Vad kan göras för att det inte händer igen?', $dueOn, $status, $createdAt, $cause, $actionsTaken,
                    $plan, $name, $role, $answeredAt)
                """, "$id", "$report", "$party", "$dueOn", "$status", "$createdAt", "$cause", "$actionsTaken", "$plan", "$name", "$role", "$answeredAt");

            var batchEnd = Math.Min(count, written + BatchSize);
            for (; written < batchEnd; written++)
            {
                var fixture = fixtures[random.Next(fixtures.Count)];
                var (eventDate, createdAt) = filings[written];
                var status = Pick(Statuses, random);
                var resolution = status == "closed" ? Pick(Resolutions, random) : null;
                var triaged = status != "received";
                var referred = status is "referred" or "answered" || resolution == "answered" || (status == "closed" && random.NextDouble() < 0.3);
                var answered = status == "answered" || (referred && status == "closed");
                var referredAt = referred ? createdAt.AddDays(1 + random.Next(20)).AddMinutes(random.Next(600)) : (DateTimeOffset?)null;
                var answeredAt = answered ? referredAt!.Value.AddDays(3 + random.Next(80)).AddMinutes(random.Next(600)) : (DateTimeOffset?)null;
                var closedAt = status == "closed" ? (answeredAt ?? createdAt).AddDays(1 + random.Next(30)).AddMinutes(random.Next(600)) : (DateTimeOffset?)null;

                var category = random.NextDouble() < 0.8 ? fixture.Category : categories[random.Next(categories.Length)];
                var kinds = fixture.InvolvedPartyKinds.Select(Codes.Parse<PartyKind>).ToList();
                var year = createdAt.Year;
                var sequence = counters[year] = counters.GetValueOrDefault(year) + 1;
                var id = Guid.CreateVersion7(createdAt);

                var events = History(status, resolution, createdAt, referredAt, answeredAt, closedAt, world, history);
                Bind(insertReport, id, world.AssociationId, world.Areas[fixture.Area], ReportReference.Create(ReportReference.DefaultPrefix, year, sequence).ToString(), year, sequence,
                    eventDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), fixture.Kind, world.PartyOfKind(fixture.ReporterPartyKind, fixture.Area),
                    category, triaged ? category : null, fixture.Description, fixture.Consequence, fixture.ActionsTaken, fixture.SuggestedImprovement,
                    Genders[random.Next(Genders.Length)], status, 1 + events.Count(e => e.To is not null && e.Type != "submitted"),
                    Instant(createdAt), Instant(events[^1].At), world.QueueId, resolution, PartyKindSet.KeyOf(kinds),
                    Instant(referredAt), Instant(answeredAt), Instant(closedAt));
                insertReport.ExecuteNonQuery();

                Bind(insertReceipt, ReceiptTokenHash(ReceiptToken(seed, written)), id, Instant(createdAt));
                insertReceipt.ExecuteNonQuery();
                var messages = 0;
                for (var e = 0; e < events.Count; e++)
                {
                    var @event = events[e];
                    Bind(insertEvent, Guid.CreateVersion7(@event.At), id, e + 1, Instant(@event.At), @event.Type, @event.Actor, @event.From, @event.To,
                        @event.Reason, @event.Data);
                    insertEvent.ExecuteNonQuery();
                    if (@event.Message is { } message)
                    {
                        Bind(insertMessage, Guid.CreateVersion7(@event.At), id, ++messages, message.Kind, message.Body, Instant(@event.At));
                        insertMessage.ExecuteNonQuery();
                    }
                }

                var involvedParties = kinds.Select(kind => world.PartyOfKind(Codes.Of(kind), fixture.Area)).Distinct().ToList();
                foreach (var party in involvedParties)
                {
                    Bind(insertParty, id, party);
                    insertParty.ExecuteNonQuery();
                }

                if (referredAt is { } referralTime)
                {
                    Bind(insertReferral, Guid.CreateVersion7(referralTime), id, involvedParties[0],
                        DateOnly.FromDateTime(referralTime.UtcDateTime).AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        answered ? "answered" : "open", Instant(referralTime), answered ? "Regelverken är inte samordnade." : null,
                        answered ? "Vi har tagit fram en gemensam rutin." : null, answered ? "Uppföljning i LSG om tre månader." : null,
                        answered ? "Kontaktperson" : null, answered ? "Enhetschef" : null, Instant(answeredAt));
                    insertReferral.ExecuteNonQuery();
                }
            }

            foreach (var (year, last) in counters)
            {
                using var counter = connection.CreateCommand();
                counter.Transaction = transaction;
                counter.CommandText = """
                    INSERT INTO reference_counters (association_id, year, last_value) VALUES ($association, $year, $last)
                    ON CONFLICT (association_id, year) DO UPDATE SET last_value = excluded.last_value
                    """;
                counter.Parameters.AddWithValue("$association", world.AssociationId.ToString());
                counter.Parameters.AddWithValue("$year", year);
                counter.Parameters.AddWithValue("$last", last);
                counter.ExecuteNonQuery();
            }

            transaction.Commit();
            Console.Error.Write($"\r{written:N0} of {count:N0} reports");
        }

        Console.Error.WriteLine();
        Execute(connection, "ANALYZE; PRAGMA journal_mode = WAL;");
    }

    /// <summary>
    /// The receipt token of the <paramref name="index"/>th generated report: 128 bits, base64url, 22 characters,
    /// as ReceiptTokens.Create makes them, but derived from the seed so that a measurement can ask for receipts.
    /// </summary>
    public static string ReceiptToken(int seed, int index) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"lexheller-bench:{seed}:{index}")))[..16])
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What receipts.token_hash holds: exactly ReceiptTokens.Hash (SHA-256 of the ASCII token, lower-case hex).</summary>
    public static string ReceiptTokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    private const string Triager = "triager@demo.lexheller.example";

    private sealed record Event(DateTimeOffset At, string Type, string Actor, string? From, string? To, string? Reason, string? Data,
        (string Kind, string Body)? Message = null);

    /// <summary>
    /// The event log the service would have written for a report that reached <paramref name="status"/>: submitted and
    /// routed at filing, then triage, a question, referral, the party's answer and closing as the status implies.
    /// </summary>
    private static List<Event> History(string status, string? resolution, DateTimeOffset createdAt, DateTimeOffset? referredAt,
        DateTimeOffset? answeredAt, DateTimeOffset? closedAt, World world, Random random)
    {
        var events = new List<Event>
        {
            new(createdAt, "submitted", "api-client:Bench", null, "received", null, "{\"channel\":\"api\"}"),
            new(createdAt, "routed", "system:routing", null, null, world.RoutedReason, world.RoutedData),
        };
        if (status == "received")
            return events;

        var triagedAt = createdAt.AddMinutes(1 + random.Next(600));
        events.Add(new(triagedAt, "triaged", Triager, "received", "in-triage", "Inom förbundets uppdrag.", null));
        if (status == "needs-info")
        {
            events.Add(new(triagedAt.AddMinutes(1 + random.Next(120)), "information-requested", Triager, "in-triage", "needs-info",
                "Behöver veta vilka kontakter som tagits.", null, ("question", "Vilka myndigheter har du redan varit i kontakt med i ärendet?")));
            return events;
        }

        if (referredAt is { } referred)
        {
            events.Add(new(referred, "referred", Triager, "in-triage", "referred", "Parten behöver svara på orsak och åtgärd.", null));
            if (answeredAt is { } answered)
            {
                events.Add(new(answered, "referral-answered", "responder@demo.lexheller.example", null, null, "Svar från parten.", null));
                events.Add(new(answered, "answered", "system:referrals", "referred", "answered", "Alla parter har svarat.", null));
            }
        }

        if (closedAt is { } closed)
        {
            events.Add(new(closed, "closed", Triager, events[^1].To ?? "in-triage", "closed", "Beredningen är klar.",
                $"{{\"resolution\":\"{resolution}\"}}",
                resolution == "out-of-scope" ? ("closure", "Ärendet hör hemma hos Försäkringskassan; vi har lämnat dina uppgifter vidare.") : null));
        }

        return events;
    }

    private static readonly string[] CategoryCodes =
        ["conflicting-rules", "catch-22", "unreachable", "handover", "information", "responsibility-gap", "resources", "participation",
         "organisational-change", "knowledge", "waiting-time", "other"];

    private static readonly string?[] Genders = ["woman", "man", "other", "not-stated", null];

    private static T Pick<T>((T Value, double Share)[] choices, Random random)
    {
        var roll = random.NextDouble();
        foreach (var (value, share) in choices)
        {
            if (roll < share)
                return value;
            roll -= share;
        }

        return choices[^1].Value;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateTimeOffset At(DateOnly day, Random random) =>
        new(day.ToDateTime(new TimeOnly(6, 0)).AddMinutes(random.Next(11 * 60)).AddSeconds(random.Next(60)), TimeSpan.Zero);

    private static string? Instant(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                Guid guid => guid.ToString(),
                var value => value,
            };
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static List<Fixture> LoadFixtures(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        return [.. document.RootElement.GetProperty("reports").EnumerateArray().Select(report => new Fixture(
            report.GetProperty("area").GetString()!,
            report.GetProperty("kind").GetString()!,
            report.GetProperty("reporterPartyKind").GetString()!,
            [.. report.GetProperty("involvedPartyKinds").EnumerateArray().Select(kind => kind.GetString()!)],
            report.GetProperty("category").GetString()!,
            report.GetProperty("description").GetString()!,
            report.GetProperty("consequence").GetString()!,
            report.GetProperty("actionsTaken").GetString()!,
            report.GetProperty("suggestedImprovement").GetString()!))];
    }

    internal sealed record Fixture(string Area, string Kind, string ReporterPartyKind, IReadOnlyList<string> InvolvedPartyKinds,
        string Category, string Description, string Consequence, string ActionsTaken, string SuggestedImprovement);

    /// <summary>The seeded association: its areas, parties by kind (a municipality per area), a queue and the reference counters.</summary>
    private sealed record World(Guid AssociationId, IReadOnlyDictionary<string, Guid> Areas, IReadOnlyList<(Guid Id, string Kind, string Name)> Parties,
        Guid? QueueId, IReadOnlyList<(int Year, int Last)> Counters, string RoutedReason, string RoutedData)
    {
        public Guid PartyOfKind(string kind, string area)
        {
            var matches = Parties.Where(party => party.Kind == kind).ToList();
            if (kind == "municipality" && matches.FirstOrDefault(party => Normalize(party.Name).StartsWith(area, StringComparison.Ordinal)) is { Id: var own } && own != Guid.Empty)
                return own;
            return matches.Count > 0 ? matches[0].Id : Parties[0].Id;
        }

        private static string Normalize(string name) =>
            name.ToLowerInvariant().Replace('å', 'a').Replace('ä', 'a').Replace('ö', 'o');

        public static World Read(SqliteConnection connection, string code)
        {
            var associationId = Guid.Parse(Scalar(connection, "SELECT id FROM associations WHERE code = $code", code)
                ?? throw new InvalidOperationException($"No association '{code}': start the service once with Demo:Seed=true."));
            var areas = new Dictionary<string, Guid>();
            foreach (var row in Rows(connection, "SELECT code, id FROM areas WHERE association_id = $code", associationId.ToString()))
                areas[row[0]] = Guid.Parse(row[1]);
            var parties = Rows(connection, "SELECT id, kind, name FROM parties WHERE association_id = $code", associationId.ToString())
                .Select(row => (Guid.Parse(row[0]), row[1], row[2])).ToList();
            var queue = Scalar(connection, "SELECT id FROM queues WHERE association_id = $code ORDER BY created_at LIMIT 1", associationId.ToString());
            var counters = Rows(connection, "SELECT year, last_value FROM reference_counters WHERE association_id = $code", associationId.ToString())
                .Select(row => (int.Parse(row[0], CultureInfo.InvariantCulture), int.Parse(row[1], CultureInfo.InvariantCulture))).ToList();
            // The rule that sends reports to that queue, as the routed event names it (ReportRouting).
            var rule = Rows(connection, "SELECT r.id, r.description, q.name FROM routing_rules r JOIN queues q ON q.id = r.queue_id WHERE r.queue_id = $code ORDER BY r.priority LIMIT 1",
                queue ?? "").FirstOrDefault() ?? ["00000000-0000-0000-0000-000000000000", "Standardregel", "Beredningsgruppen"];
            var routedData = JsonSerializer.Serialize(new { ruleId = Guid.Parse(rule[0]), rule = rule[1], queueId = queue, queue = rule[2], forwardToAssociationId = (Guid?)null });
            return new World(associationId, areas, parties, queue is null ? null : Guid.Parse(queue), counters, $"Routing rule '{rule[1]}' matched.", routedData);
        }

        private static string? Scalar(SqliteConnection connection, string sql, string argument) =>
            Rows(connection, sql, argument).FirstOrDefault()?[0];

        private static List<string[]> Rows(SqliteConnection connection, string sql, string argument)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$code", argument);
            using var reader = command.ExecuteReader();
            var rows = new List<string[]>();
            while (reader.Read())
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!)]);
            return rows;
        }
    }
}
