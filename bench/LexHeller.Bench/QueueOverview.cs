using System.Net.Http.Headers;

namespace LexHeller.Bench;

/// <summary>
/// Issue 19, point 8: the queue overview (<c>GET /api/v1/queues</c>, the /triage pages) with a million
/// reports in one queue, before (a full count per status over the queue's reports) and after (the counts
/// kept in queue_status_counts, migration 0019).
/// <para>
/// <c>queue-overview-fill</c>: a new SQLite file the service migrates and seeds, then <c>--reports</c>
/// reports in Höglandet's first queue, written by one recursive-CTE <c>INSERT … SELECT</c> in one
/// transaction (the service's own triggers count them as they go in), with the status mix of
/// <c>bench/scale.sh</c> (6 % received, 5 % in triage, 2 % needs info, 10 % referred, 7 % answered,
/// 70 % closed) and an open referral, due 21 days after filing, for each referred report filed in the
/// last <c>--open-days</c> days (90: a referral still open a quarter after filing is rare).
/// </para>
/// <para>
/// <c>queue-overview</c>: the statements alone, in process on a read-only connection (the full count of
/// the service before 0019, kept here as it was; the read of the kept counts; the overdue count, which
/// did not change), and the overview over HTTP from the service given, as the demo triager.
/// </para>
/// </summary>
public static class QueueOverview
{
    private const string Triager = "triager@demo.lexheller.example";

    /// <summary>The counts per status of GetMyQueues before migration 0019 (commit b686146): every report of the caller's queues.</summary>
    private const string FullCount = """
        SELECT r.queue_id, r.status, COUNT(*) AS reports
        FROM reports r
        JOIN queues q ON q.id = r.queue_id
        JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
        WHERE m.user_key = $user
        GROUP BY r.queue_id, r.status
        """;

    /// <summary>The counts per status of GetMyQueues after migration 0019.</summary>
    private const string KeptCount = """
        SELECT c.queue_id, c.status, c.report_count AS reports
        FROM queue_status_counts c
        JOIN queues q ON q.id = c.queue_id
        JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
        WHERE m.user_key = $user
        """;

    /// <summary>The overdue count of GetMyQueues, the same before and after.</summary>
    private const string OverdueCount = """
        SELECT r.queue_id, COUNT(DISTINCT r.id) AS reports
        FROM reports r
        JOIN referrals f ON f.report_id = r.id
        JOIN queues q ON q.id = r.queue_id
        JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
        WHERE m.user_key = $user AND f.status = 'open' AND f.due_on < $today
        GROUP BY r.queue_id
        """;

    public static async Task FillAsync(Options options, string work, string[] args)
    {
        if (File.Exists(options.Database))
            throw new InvalidOperationException($"{options.Database} exists: the fill writes a new database only (delete it first).");
        var openDays = int.Parse(Argument(args, "open-days") ?? "90", CultureInfo.InvariantCulture);

        // The service migrates (0019 included: its triggers count what goes in) and seeds the demo world on its first start.
        await using (await Service.StartAsync(options.Service, options.Database, work))
        {
        }

        var started = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={options.Database};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;");
        var world = (Queue: Text(connection, "SELECT q.id FROM queues q JOIN associations a ON a.id = q.association_id WHERE a.code = 'hoglandet' ORDER BY q.created_at LIMIT 1"),
            Association: Text(connection, "SELECT id FROM associations WHERE code = 'hoglandet'"),
            Area: Text(connection, "SELECT a.id FROM areas a JOIN associations s ON s.id = a.association_id WHERE s.code = 'hoglandet' ORDER BY a.code LIMIT 1"),
            Party: Text(connection, "SELECT p.id FROM parties p JOIN associations s ON s.id = p.association_id WHERE s.code = 'hoglandet' ORDER BY p.name LIMIT 1"),
            Category: Text(connection, "SELECT code FROM categories WHERE association_id IS NULL ORDER BY code LIMIT 1"));
        var today = DateTime.UtcNow.Date;
        var first = today.AddYears(-options.Years);

        using var transaction = connection.BeginTransaction();
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandTimeout = 0;
            // n = 0 … N-1 in filing order over the years; ids, references and sequences that no demo report has.
            insert.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $count),
                filed AS (
                    SELECT i, julianday($first) + (julianday($today) - julianday($first)) * i / $count AS day,
                           CASE WHEN (i * 7919) % 100 < 6 THEN 'received' WHEN (i * 7919) % 100 < 11 THEN 'in-triage'
                                WHEN (i * 7919) % 100 < 13 THEN 'needs-info' WHEN (i * 7919) % 100 < 23 THEN 'referred'
                                WHEN (i * 7919) % 100 < 30 THEN 'answered' ELSE 'closed' END AS status
                    FROM n)
                INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind,
                    reporter_party_id, suggested_category, category, description, consequence, actions_taken, suggested_improvement,
                    affected_gender, anonymous_to_parties, status, channel, version, created_at, updated_at, queue_id, resolution,
                    involved_party_kinds)
                SELECT printf('00000000-0000-7000-8000-%012x', i), $association, $area, 'QO-' || i, CAST(strftime('%Y', day) AS INTEGER), 1000000 + i,
                    date(day, '-3 days'), 'occurred', $party, $category, $category,
                    'En person remitterades mellan myndigheterna utan att någon tog över ansvaret.', 'Personen fick vänta.', 'Samordnaren kontaktades.',
                    'En gemensam rutin för överlämning.', 'not-stated', 0, status, 'api', 1,
                    strftime('%Y-%m-%dT%H:%M:%S.0000000Z', day), strftime('%Y-%m-%dT%H:%M:%S.0000000Z', day), $queue,
                    CASE WHEN status = 'closed' THEN 'resolved-locally' END, ''
                FROM filed
                """;
            insert.Parameters.AddWithValue("$count", options.Reports);
            insert.Parameters.AddWithValue("$first", first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$today", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$association", world.Association);
            insert.Parameters.AddWithValue("$area", world.Area);
            insert.Parameters.AddWithValue("$party", world.Party);
            insert.Parameters.AddWithValue("$category", world.Category);
            insert.Parameters.AddWithValue("$queue", world.Queue);
            insert.ExecuteNonQuery();
        }

        using (var referrals = connection.CreateCommand())
        {
            referrals.Transaction = transaction;
            referrals.CommandTimeout = 0;
            referrals.CommandText = """
                INSERT INTO referrals (id, report_id, party_id, question, due_on, status, created_at)
                SELECT printf('00000000-0000-7000-9000-%012x', reference_sequence), id, $party, 'Vad kan göras för att det inte händer igen?',
                    date(created_at, '+21 days'), 'open', created_at
                FROM reports
                WHERE queue_id = $queue AND status = 'referred' AND reference LIKE 'QO-%' AND created_at >= $since
                """;
            referrals.Parameters.AddWithValue("$party", world.Party);
            referrals.Parameters.AddWithValue("$queue", world.Queue);
            referrals.Parameters.AddWithValue("$since", today.AddDays(-openDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            referrals.ExecuteNonQuery();
        }

        transaction.Commit();
        Execute(connection, "ANALYZE;");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Filled {options.Reports:N0} reports into queue {world.Queue} of Höglandet in {started.Elapsed.TotalSeconds:F1} s ({options.Database})."));
    }

    public static async Task RunAsync(Options options, string work, string[] args)
    {
        var warmup = int.Parse(Argument(args, "warmup") ?? "5", CultureInfo.InvariantCulture);
        var budget = TimeSpan.FromSeconds(int.Parse(Argument(args, "budget") ?? "60", CultureInfo.InvariantCulture));
        var today = DateTime.UtcNow.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using (var connection = new SqliteConnection($"Data Source={options.Database};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            var queue = Text(connection, "SELECT q.id FROM queues q JOIN associations a ON a.id = q.association_id WHERE a.code = 'hoglandet' ORDER BY q.created_at LIMIT 1");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"### {Number(connection, "SELECT COUNT(*) FROM reports"):N0} reports, {Number(connection, "SELECT COUNT(*) FROM reports WHERE queue_id = $p", queue):N0} in the queue; "
                + $"{Number(connection, "SELECT COUNT(*) FROM referrals WHERE status = 'open'"):N0} open referrals, "
                + $"{Number(connection, "SELECT COUNT(*) FROM referrals WHERE status = 'open' AND due_on < $p", today):N0} overdue"));
            Console.WriteLine();
            Console.WriteLine("| statement (in process, read-only connection) | runs | p50 ms | p95 ms | max ms | rows |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            var full = Statement(connection, FullCount, today, warmup, options.Runs, budget);
            var kept = Statement(connection, KeptCount, today, warmup, options.Runs, budget);
            Print("counts per status, before: a full count over the queue's reports", full);
            Print("counts per status, after: queue_status_counts", kept);
            if (!full.Rows.SequenceEqual(kept.Rows))
                throw new InvalidOperationException($"The kept counts differ from a full count:\n  {string.Join("\n  ", kept.Rows)}\nagainst\n  {string.Join("\n  ", full.Rows)}");
            Print("overdue count (unchanged)", Statement(connection, OverdueCount, today, warmup, options.Runs, budget));
            Console.WriteLine();
        }

        await using var service = await Service.StartAsync(options.Service, options.Database, work);
        using var api = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Service.TokenFor("triager", Triager));
        var samples = new List<double>();
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < warmup + options.Runs && elapsed.Elapsed < budget; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await api.GetAsync("api/v1/queues");
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"GET /api/v1/queues: {(int)response.StatusCode} {body[..Math.Min(500, body.Length)]}");
            if (i >= warmup)
                samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine("| HTTP, one request at a time | requests | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        samples.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| GET /api/v1/queues ({Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(options.Service)))}) | {samples.Count} | {At(samples, 0.5):F1} | {At(samples, 0.95):F1} | {At(samples, 0.99):F1} | {samples[^1]:F1} |"));
        Console.WriteLine();
    }

    private sealed record Timed(List<double> Samples, List<string> Rows);

    private static Timed Statement(SqliteConnection connection, string sql, string today, int warmup, int runs, TimeSpan budget)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$user", Triager);
        if (sql.Contains("$today", StringComparison.Ordinal))
            command.Parameters.AddWithValue("$today", today);
        var samples = new List<double>();
        var rows = new List<string>();
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < warmup + runs && elapsed.Elapsed < budget; i++)
        {
            rows.Clear();
            var watch = Stopwatch.StartNew();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                    rows.Add(string.Join(' ', Enumerable.Range(0, reader.FieldCount).Select(field => Convert.ToString(reader.GetValue(field), CultureInfo.InvariantCulture))));
            }

            if (i >= warmup)
                samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        rows.Sort(StringComparer.Ordinal);
        return new Timed(samples, [.. rows]);
    }

    private static void Print(string name, Timed timed)
    {
        var samples = timed.Samples;
        samples.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {samples.Count} | {At(samples, 0.5):F2} | {At(samples, 0.95):F2} | {samples[^1]:F2} | {timed.Rows.Count} |"));
    }

    private static double At(List<double> sorted, double quantile) => sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Text(SqliteConnection connection, string sql) =>
        SqliteRead.Scalar(connection, sql) as string ?? throw new InvalidOperationException($"Nothing found: {sql}");

    private static long Number(SqliteConnection connection, string sql, object? parameter = null) => (long)SqliteRead.Scalar(connection, sql, parameter)!;

    private static string? Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, $"--{name}");
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
