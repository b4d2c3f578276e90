using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LexHeller.Domain.Insight;

namespace LexHeller.Bench;

/// <summary>
/// Crash durability (issue 8, point 3). <see cref="IntakeAsync"/>: concurrent writers file reports while
/// the service is killed with SIGKILL at a random moment; after each restart every report answered with
/// 201 must be in the database whole, and references must stay gapless. <see cref="OutboxAsync"/>: the
/// outbox is dispatched to an SMTP sink while the service is killed again and again; no message may be
/// lost, and a message may be delivered twice only when it was accepted by the sink but not yet marked
/// sent at a kill (what at-least-once over SMTP allows).
/// </summary>
public static class CrashDurability
{
    private const string ReporterEmail = "reporter@demo.lexheller.example";

    /// <summary>Rate limits out of the way: a benchmark, not an abuser (bench/README.md says so).</summary>
    private static readonly Dictionary<string, string> NoRateLimits = new()
    {
        ["RateLimiting__ApiKey__PermitLimit"] = "100000000",
        ["RateLimiting__AnonymousIntake__PermitLimit"] = "100000000",
        ["RateLimiting__Receipts__PermitLimit"] = "100000000",
    };

    // ---------------------------------------------------------------- intake under SIGKILL

    public static async Task<int> IntakeAsync(Options options, string[] args, string work)
    {
        var kills = Argument(args, "kills", 20);
        var writers = Argument(args, "writers", 8);
        var random = new Random(options.Seed);
        work = Fresh(Path.Combine(work, "crash-intake"), options.Database);
        var runStarted = DateTime.UtcNow;

        Console.WriteLine($"## Intake under SIGKILL: {kills} kills, {writers} concurrent writers, fresh database");
        Console.WriteLine();
        var service = await Service.StartAsync(options.Service, options.Database, work, NoRateLimits);
        var bodies = new ReportBodies(options.Fixtures, options.Database, options.Seed);
        var acknowledged = new List<Ack>();
        var totals = new IntakeTotals();
        Console.WriteLine("| kill | at s | 201 during load | in flight | of them committed | other answers | restart s | acknowledged (all) | lost | incomplete | gaps | other problems | integrity |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        try
        {
            for (var kill = 1; kill <= kills; kill++)
            {
                var killAfter = TimeSpan.FromSeconds(0.5 + random.NextDouble() * 7.5);
                var load = new IntakeLoad(service, bodies, writers);
                var loading = load.RunAsync();
                await Task.Delay(killAfter);
                load.Killed = true;
                var exitCode = await service.KillAsync();
                if (exitCode != 137)
                    Console.Error.WriteLine($"  kill {kill}: exit code {exitCode}, not 137 (SIGKILL)");
                await loading;
                await service.DisposeAsync();

                var restart = Stopwatch.StartNew();
                service = await Service.StartAsync(options.Service, options.Database, work, NoRateLimits);
                var restartSeconds = restart.Elapsed.TotalSeconds;
                acknowledged.AddRange(load.Acknowledged);

                // Each request the kill cut off is sent again with its Idempotency-Key: the first answer comes back
                // (it was committed before the kill) or it is filed now; either way exactly once.
                var committed = 0;
                var resent = new List<Ack>();
                foreach (var sent in load.InFlight)
                {
                    var (status, ack, replayed, text) = await load.PostAsync(service, sent);
                    if (ack is null)
                    {
                        totals.Problems.Add($"RESEND: kill {kill}: re-sending {sent.Key} answered {status}: {text}");
                        continue;
                    }

                    resent.Add(ack);
                    if (replayed)
                        committed++;
                }

                acknowledged.AddRange(resent);
                var check = CrashChecker.Intake(options.Database, acknowledged, resent, runStarted);
                totals.Add(load, committed, check);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {kill} | {killAfter.TotalSeconds:F2} | {load.Acknowledged.Count:N0} | {load.InFlight.Count} | {committed} | {load.OtherAnswers} | {restartSeconds:F1} | {acknowledged.Count:N0} | {check.Lost} | {check.Incomplete} | {check.Gaps} | {check.Problems.Count - check.Lost - check.Incomplete - check.Gaps} | {check.Integrity} |"));
                foreach (var problem in check.Problems.Take(10))
                    Console.Error.WriteLine($"  kill {kill}: {problem}");
                totals.AddProblems(check.Problems);
            }
        }
        finally
        {
            await service.DisposeAsync();
        }

        var blind = acknowledged.Count > 0 && !CrashChecker.SelfTest(options.Database, acknowledged, runStarted);
        Console.WriteLine();
        foreach (var problem in totals.Problems.Take(20))
            Console.WriteLine($"- {problem}");
        Console.WriteLine(blind
            ? "**Checker self-test FAILED**: the damage done to a copy of the database was not found."
            : "Checker self-test: on a copy of the database, a deleted receipt, a reference counter moved one ahead and an acknowledgement of a report that does not exist were found (incomplete 1, gap 1, lost 1).");
        Console.WriteLine();
        var reports = CrashChecker.Scalar(options.Database, "SELECT COUNT(*) FROM reports");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"**Total:** {kills} kills; {totals.AcknowledgedDuringLoad:N0} reports acknowledged (201) during load, {totals.InFlight} requests in flight at a kill ({totals.InFlightCommitted} of them had been committed: their re-send was replayed; {totals.InFlight - totals.InFlightCommitted} were filed by the re-send), {acknowledged.Count:N0} acknowledged in all, {reports:N0} reports in the database; **lost {totals.Lost}, incomplete {totals.Incomplete}, reference gaps {totals.Gaps}**, other problems {totals.Other} (unacknowledged reports, idempotency, pattern outbox, foreign keys), integrity checks failed {totals.IntegrityFailures}, answers other than 201 during load {totals.OtherAnswers}."));
        Console.WriteLine();
        return totals.IntegrityFailures + totals.Problems.Count == 0 && !blind ? 0 : 1;
    }

    /// <summary>A report the service answered with 201: what it said and what had been sent.</summary>
    public sealed record Ack(Guid Id, string Reference, string Status, Sent Sent);

    /// <summary>One request: its body, its Idempotency-Key and what the checker looks for.</summary>
    public sealed record Sent(string Key, string Body, int Parties, bool Contact);

    private sealed class IntakeTotals
    {
        public int AcknowledgedDuringLoad, InFlight, InFlightCommitted, OtherAnswers, IntegrityFailures;

        /// <summary>Each problem once, though every check after it finds it again (the checks are cumulative).</summary>
        public List<string> Problems { get; } = [];

        public int Lost => Count("LOST");

        public int Incomplete => Count("INCOMPLETE");

        public int Gaps => Count("GAP");

        public int Other => Problems.Count - Lost - Incomplete - Gaps;

        public void AddProblems(IEnumerable<string> problems) => Problems.AddRange(problems.Where(problem => !Problems.Contains(problem)));

        private int Count(string kind) => Problems.Count(problem => problem.StartsWith(kind + ":", StringComparison.Ordinal));

        public void Add(IntakeLoad load, int committed, CrashChecker.IntakeResult check)
        {
            AcknowledgedDuringLoad += load.Acknowledged.Count;
            InFlight += load.InFlight.Count;
            InFlightCommitted += committed;
            OtherAnswers += load.OtherAnswers;
            IntegrityFailures += check.Integrity == "ok" ? 0 : 1;
        }
    }

    /// <summary>Writers that post report after report until the service is killed; each 201 is kept the moment it arrives.</summary>
    private sealed class IntakeLoad(Service service, ReportBodies bodies, int writers)
    {
        private readonly ConcurrentQueue<Ack> _acknowledged = new();
        private readonly ConcurrentDictionary<string, Sent> _inFlight = new();
        private int _otherAnswers;

        public volatile bool Killed;

        public IReadOnlyList<Ack> Acknowledged => [.. _acknowledged];

        public IReadOnlyList<Sent> InFlight => [.. _inFlight.Values];

        public int OtherAnswers => _otherAnswers;

        public async Task RunAsync()
        {
            using var client = ClientFor(service);
            await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                while (!Killed)
                {
                    var sent = bodies.Next();
                    _inFlight[sent.Key] = sent;
                    try
                    {
                        var (status, ack, _, text) = await SendAsync(client, sent);
                        _inFlight.TryRemove(sent.Key, out Sent? _);
                        if (ack is not null)
                        {
                            _acknowledged.Enqueue(ack);
                        }
                        else if (Interlocked.Increment(ref _otherAnswers) <= 3)
                        {
                            Console.Error.WriteLine($"  {status}: {text}");
                        }
                    }
                    catch (Exception) when (Killed)
                    {
                        // No answer: the kill cut it off. It stays in flight, to be re-sent after the restart.
                        return;
                    }
                    catch (Exception exception)
                    {
                        Console.Error.WriteLine($"  no answer before the kill ({exception.GetType().Name}: {exception.Message}); kept as in flight");
                        return;
                    }
                }
            })));
        }

        public async Task<(HttpStatusCode Status, Ack? Ack, bool Replayed, string Text)> PostAsync(Service restarted, Sent sent)
        {
            using var client = ClientFor(restarted);
            return await SendAsync(client, sent);
        }

        private static async Task<(HttpStatusCode, Ack?, bool, string)> SendAsync(HttpClient client, Sent sent)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/reports")
            {
                Content = new StringContent(sent.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", sent.Key);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Created)
                return (response.StatusCode, null, false, text);
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var ack = new Ack(root.GetProperty("id").GetGuid(), root.GetProperty("reference").GetString()!, root.GetProperty("status").GetString()!, sent);
            return (response.StatusCode, ack, response.Headers.Contains("Idempotent-Replayed"), text);
        }

        private static HttpClient ClientFor(Service service)
        {
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
            {
                BaseAddress = service.BaseAddress,
                Timeout = TimeSpan.FromSeconds(60),
            };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Service.TokenFor("reporter", ReporterEmail));
            return client;
        }
    }

    /// <summary>Valid, varied report bodies from the fixtures: the fixture's area, kind, category and texts, random parties of its kinds, sometimes a contact.</summary>
    private sealed class ReportBodies
    {
        private readonly List<JsonElement> _fixtures;
        private readonly Dictionary<string, List<Guid>> _partiesByKind;
        private readonly Random _random;
        private readonly Lock _lock = new();
        private readonly DateOnly _today = DateOnly.FromDateTime(DateTime.UtcNow);
        private static readonly string?[] Genders = ["woman", "man", "other", "not-stated", null];
        private static readonly string[] Names = ["Anna Berg", "Johan Lind", "Sara Ek", "Mikael Holm", "Lena Sjö"];

        public ReportBodies(string fixturesPath, string database, int seed)
        {
            _random = new Random(seed);
            using var document = JsonDocument.Parse(File.ReadAllText(fixturesPath));
            _fixtures = [.. document.RootElement.GetProperty("reports").EnumerateArray().Select(element => element.Clone())];
            _partiesByKind = CrashChecker.Rows(database, """
                SELECT p.kind, p.id FROM parties p JOIN associations a ON a.id = p.association_id WHERE a.code = 'hoglandet' ORDER BY p.kind, p.name
                """)
                .GroupBy(row => row[0], row => Guid.Parse(row[1]))
                .ToDictionary(group => group.Key, group => group.ToList());
        }

        public Sent Next()
        {
            lock (_lock)
            {
                var fixture = _fixtures[_random.Next(_fixtures.Count)];
                var involved = fixture.GetProperty("involvedPartyKinds").EnumerateArray()
                    .Select(kind => Pick(_partiesByKind[kind.GetString()!]))
                    .ToList();
                // Now and then one or two more parties, so the number of involved parties varies.
                for (var extra = _random.Next(3) == 0 ? _random.Next(1, 3) : 0; extra > 0; extra--)
                    involved.Add(Pick(_partiesByKind.Values.SelectMany(ids => ids).ToList()));
                involved = [.. involved.Distinct()];
                var contact = _random.Next(5) < 2;
                var body = new JsonObject
                {
                    ["associationCode"] = "hoglandet",
                    ["areaCode"] = fixture.GetProperty("area").GetString(),
                    ["eventDate"] = _today.AddDays(-_random.Next(60)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["kind"] = fixture.GetProperty("kind").GetString(),
                    ["reporterPartyId"] = Pick(_partiesByKind[fixture.GetProperty("reporterPartyKind").GetString()!]),
                    ["involvedPartyIds"] = new JsonArray([.. involved.Select(id => (JsonNode)JsonValue.Create(id))]),
                    ["suggestedCategory"] = fixture.GetProperty("category").GetString(),
                    ["description"] = fixture.GetProperty("description").GetString(),
                    ["consequence"] = fixture.GetProperty("consequence").GetString(),
                    ["actionsTaken"] = fixture.GetProperty("actionsTaken").GetString(),
                    ["suggestedImprovement"] = fixture.GetProperty("suggestedImprovement").GetString(),
                    ["affectedGender"] = Genders[_random.Next(Genders.Length)],
                };
                if (contact)
                {
                    var name = Names[_random.Next(Names.Length)];
                    body["reporter"] = new JsonObject
                    {
                        ["name"] = name,
                        ["role"] = "handläggare",
                        ["email"] = $"{name.Split(' ')[0].ToLowerInvariant()}.{_random.Next(1000)}@example.org",
                        ["phone"] = $"070-{_random.Next(1000000, 9999999)}",
                        ["anonymousToParties"] = _random.Next(2) == 0,
                    };
                }

                return new Sent(Guid.NewGuid().ToString("N"), body.ToJsonString(), involved.Count, contact);
            }
        }

        private Guid Pick(List<Guid> ids) => ids[_random.Next(ids.Count)];
    }

    // ---------------------------------------------------------------- notification dispatch under SIGKILL

    public static async Task<int> OutboxAsync(Options options, string[] args, string work)
    {
        var kills = Argument(args, "kills", 20);
        var messages = Argument(args, "messages", 3000);
        var delay = TimeSpan.FromMilliseconds(Argument(args, "smtp-delay-ms", 20));
        var lease = TimeSpan.FromSeconds(Argument(args, "lease-seconds", 3));
        var random = new Random(options.Seed);
        work = Fresh(Path.Combine(work, "crash-outbox"), options.Database);

        Console.WriteLine($"## Notification dispatch under SIGKILL: {kills} kills, {messages:N0} messages, SMTP sink delay {delay.TotalMilliseconds:F0} ms, lease {lease.TotalSeconds:F0} s");
        Console.WriteLine();
        // First start: migrate and seed, with the dispatcher off, so every message goes to the sink below.
        await using (await Service.StartAsync(options.Service, options.Database, work, new Dictionary<string, string> { ["Notifications__Enabled"] = "false" }))
        {
        }

        CrashChecker.InsertOutboxMessages(options.Database, messages);
        await using var sink = SmtpSink.Start(delay);
        var settings = new Dictionary<string, string>
        {
            ["Notifications__Smtp__Host"] = "127.0.0.1",
            ["Notifications__Smtp__Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications__Smtp__UseStartTls"] = "false",
            ["Notifications__Smtp__Timeout"] = "00:00:10",
            ["Notifications__PollInterval"] = "00:00:00.200",
            ["Notifications__LeaseDuration"] = lease.ToString("c", CultureInfo.InvariantCulture),
        };
        var total = CrashChecker.Scalar(options.Database, "SELECT COUNT(*) FROM outbox_messages");

        var killTimes = new List<DateTime>();
        for (var kill = 1; kill <= kills; kill++)
        {
            await using var service = await Service.StartAsync(options.Service, options.Database, work, settings);
            await Task.Delay(TimeSpan.FromSeconds(0.5 + random.NextDouble() * 3.5));
            killTimes.Add(DateTime.UtcNow);
            if (await service.KillAsync() is var exitCode and not 137)
                Console.Error.WriteLine($"  kill {kill}: exit code {exitCode}, not 137 (SIGKILL)");
        }

        // The last start: let it drain the outbox.
        var drain = Stopwatch.StartNew();
        await using (await Service.StartAsync(options.Service, options.Database, work, settings))
        {
            while (CrashChecker.Scalar(options.Database, "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL AND cancelled_at IS NULL") > 0
                   && drain.Elapsed < TimeSpan.FromMinutes(15))
                await Task.Delay(500);
            await Task.Delay(1000);
        }

        var rows = CrashChecker.Rows(options.Database, "SELECT id, sent_at, cancelled_at FROM outbox_messages")
            .Select(row => (Id: Guid.Parse(row[0]), SentAt: row[1] is "" ? (DateTime?)null : Instant(row[1]), Cancelled: row[2] is not ""))
            .ToList();
        var accepted = sink.Accepted.GroupBy(a => a.MessageId).ToDictionary(group => group.Key, group => group.Select(a => a.At).Order().ToList());

        // In flight at kill k: accepted by the sink after kill k-1 and before kill k, but marked sent only after kill k.
        Console.WriteLine("| kill | delivered before it (all) | in flight at the kill (accepted, not marked) | delivered again later |");
        Console.WriteLine("|---:|---:|---:|---:|");
        var windowsOf = new Dictionary<Guid, int>();
        var (windowTotal, againTotal) = (0, 0);
        for (var k = 0; k < killTimes.Count; k++)
        {
            var from = k == 0 ? DateTime.MinValue : killTimes[k - 1];
            var to = killTimes[k];
            var inFlight = rows.Where(row => row.SentAt is not { } sent || sent > to)
                .Where(row => accepted.TryGetValue(MessageId(row.Id), out var times) && times.Any(t => t > from && t <= to))
                .ToList();
            var again = inFlight.Count(row => accepted[MessageId(row.Id)].Any(t => t > to));
            foreach (var row in inFlight)
                windowsOf[row.Id] = windowsOf.GetValueOrDefault(row.Id) + 1;
            windowTotal += inFlight.Count;
            againTotal += again;
            Console.WriteLine($"| {k + 1} | {sink.Accepted.Count(a => a.At <= to):N0} | {inFlight.Count} | {again} |");
        }

        var unsent = rows.Count(row => row.SentAt is null && !row.Cancelled);
        var markedNeverDelivered = rows.Count(row => row.SentAt is not null && !accepted.ContainsKey(MessageId(row.Id)));
        var cancelled = rows.Count(row => row.Cancelled);
        var duplicates = rows.Sum(row => Math.Max(0, (accepted.TryGetValue(MessageId(row.Id), out var times) ? times.Count : 0) - 1));
        var beyond = rows.Sum(row => Math.Max(0, (accepted.TryGetValue(MessageId(row.Id), out var times) ? times.Count : 0) - 1 - windowsOf.GetValueOrDefault(row.Id)));
        var known = rows.Select(row => MessageId(row.Id)).ToHashSet();
        var strangers = accepted.Keys.Count(id => !known.Contains(id));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"**Total:** {kills} kills; {total:N0} outbox messages ({messages:N0} inserted by the bench), {sink.Accepted.Count:N0} SMTP deliveries of {accepted.Count:N0} distinct Message-IDs, drained in {drain.Elapsed.TotalSeconds:F0} s after the last restart; **lost {unsent + markedNeverDelivered}** ({unsent} never sent, {markedNeverDelivered} marked sent but never delivered), cancelled {cancelled}; in flight at a kill {windowTotal}, **duplicates {duplicates}** ({againTotal} of the in-flight messages delivered again), **duplicates beyond the in-flight window {beyond}**; unknown Message-IDs {strangers}."));
        Console.WriteLine();
        return unsent + markedNeverDelivered + beyond + strangers == 0 ? 0 : 1;
    }

    private static string MessageId(Guid outboxId) => $"{outboxId:D}@lexheller";

    private static DateTime Instant(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    // ---------------------------------------------------------------- shared

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, "--" + name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>A fresh database and work directory (Data Protection keys), so every run starts from the seed.</summary>
    private static string Fresh(string work, string database)
    {
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(database + suffix);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(database))!);
        return work;
    }

    /// <summary>
    /// A minimal SMTP server on loopback (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) that accepts every
    /// message, waits <c>delay</c> before its 250 so that kills land mid-dispatch, and records each accepted
    /// Message-ID with the time of acceptance (when its final dot came in, before the delay and the 250).
    /// </summary>
    private sealed class SmtpSink : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<(string MessageId, DateTime At)> _accepted = new();
        private readonly TimeSpan _delay;
        private Task _accepting = Task.CompletedTask;

        private SmtpSink(TimeSpan delay) => _delay = delay;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public IReadOnlyList<(string MessageId, DateTime At)> Accepted => [.. _accepted];

        public static SmtpSink Start(TimeSpan delay)
        {
            var sink = new SmtpSink(delay);
            sink._listener.Start();
            sink._accepting = Task.Run(sink.AcceptAsync);
            return sink;
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                System.Net.Sockets.TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await ConverseAsync(client.GetStream());
                        }
                        catch (IOException)
                        {
                            // The service was killed mid-conversation.
                        }
                    }
                });
            }
        }

        private async Task ConverseAsync(Stream stream)
        {
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink.lexheller ESMTP bench sink");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-sink.lexheller\r\n250 8BITMIME");
                        break;
                    case "HELO" or "MAIL" or "RCPT" or "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        string? messageId = null;
                        var inHeaders = true;
                        var pendingMessageId = false;
                        string? data;
                        while ((data = await reader.ReadLineAsync()) is not null and not ".")
                        {
                            if (!inHeaders)
                                continue;
                            if (data.Length == 0)
                                inHeaders = false;
                            else if (pendingMessageId && data[0] is ' ' or '\t')
                                messageId = data.Trim();
                            else if (data.StartsWith("Message-Id:", StringComparison.OrdinalIgnoreCase))
                            {
                                messageId = data["Message-Id:".Length..].Trim();
                                pendingMessageId = messageId.Length == 0;
                                continue;
                            }

                            pendingMessageId = false;
                        }

                        if (data is null)
                            return; // cut off before the end of the message: not accepted

                        // The message is whole once its final dot is in: a real server would queue it now and
                        // answer 250 even if the client has gone in the meantime. The delay keeps it in that state.
                        _accepted.Enqueue(((messageId ?? "").Trim('<', '>'), DateTime.UtcNow));
                        await Task.Delay(_delay);
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }
    }
}
