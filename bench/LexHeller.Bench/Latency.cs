using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace LexHeller.Bench;

/// <summary>
/// Issue 8, point 2: what a triager and a reporter wait for with a million reports in one queue, under
/// light load. Each case sends a few warm-up requests, then <c>runs</c> requests from <c>concurrency</c>
/// clients (1 by default: one after another), each request with its own input (another report, another
/// receipt, another depth), and gives count, p50, p95, p99 and max in milliseconds. A case stops after
/// <c>budget</c> seconds (60 by default) even if fewer requests were sent; the count says how many.
/// The service runs as in <see cref="Service"/>, but in the Testing environment so that the demo sign-in
/// page exists and the triage page can be signed in to with a cookie (Testing differs from Production only
/// in that page: Development alone turns anything else on), and with the receipt rate limit raised.
/// </summary>
public static class Latency
{
    private const string Triager = "triager@demo.lexheller.example";
    private const double GoalP95 = 20;

    public static async Task RunAsync(Options options, string work, string[] args)
    {
        var concurrency = int.Parse(Argument(args, "concurrency") ?? "1", CultureInfo.InvariantCulture);
        var warmup = int.Parse(Argument(args, "warmup") ?? "20", CultureInfo.InvariantCulture);
        // A case that takes seconds a request stops early rather than holding the run for an hour; the count says so.
        var budget = TimeSpan.FromSeconds(int.Parse(Argument(args, "budget") ?? "60", CultureInfo.InvariantCulture));
        var runs = options.Runs;
        var data = TestData.Read(options.Database, options.Seed, runs + warmup);

        await using var service = await Service.StartAsync(options.Service, options.Database, work, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["RateLimiting__Receipts__PermitLimit"] = "1000000000",
        });
        using var api = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Service.TokenFor("triager", Triager));
        using var anonymous = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        using var page = await SignedInAsync(service.BaseAddress, Triager);

        Console.WriteLine($"### {data.Reports:N0} reports, {data.InQueue:N0} in the queue; {runs} requests a case (at most {budget.TotalSeconds:0} s) after {warmup} to warm up, {concurrency} at a time");
        Console.WriteLine();
        Console.WriteLine("| case | requests | p50 ms | p95 ms | p99 ms | max ms | rows a page | p95 < 20 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|:---:|");

        var queue = $"api/v1/queues/{data.QueueId}/reports";
        var cases = new (string Name, HttpClient Client, Func<int, string> Path)[]
        {
            ("my queues (counts per status, overdue)", api, _ => "api/v1/queues"),
            ("queue, first page (25)", api, _ => queue),
            ("queue, first page (100)", api, _ => $"{queue}?limit=100"),
            ("queue, a page at a random depth (cursor)", api, i => $"{queue}?cursor={data.Cursors[i % data.Cursors.Count]}"),
            ("queue, status=received (6 %)", api, _ => $"{queue}?status=received"),
            ("queue, status=needs-info (2 %, selective)", api, _ => $"{queue}?status=needs-info"),
            ("queue, status=closed (70 %, unselective)", api, _ => $"{queue}?status=closed"),
            ("queue, status=needs-info at a random depth", api, i => $"{queue}?status=needs-info&cursor={data.Cursors[i % data.Cursors.Count]}"),
            ("queue, overdue=true (~10 %)", api, _ => $"{queue}?overdue=true"),
            ("queue, status=referred&overdue=true", api, _ => $"{queue}?status=referred&overdue=true"),
            ("queue, status=in-triage&overdue=true (matches none)", api, _ => $"{queue}?status=in-triage&overdue=true"),
            ("report (GET /api/v1/reports/{id})", api, i => $"api/v1/reports/{data.ReportIds[i]}"),
            ("report history", api, i => $"api/v1/reports/{data.ReportIds[i]}/history"),
            ("report, similar reports", api, i => $"api/v1/reports/{data.ReportIds[i]}/similar"),
            ("triage page for a report (Razor)", page, i => $"triage/avvikelse/{data.ReportIds[i]}"),
            ("receipt (GET /api/v1/receipts/{token})", anonymous, i => $"api/v1/receipts/{data.Tokens[i]}"),
        };
        var only = Argument(args, "cases");
        foreach (var (name, client, path) in cases)
        {
            if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
                continue;
            Print(name, await TimeAsync(client, path, warmup, runs, concurrency, budget));
        }

        // Following the cursor as a client pages down: each page's request timed, the next cursor from its answer.
        Print("queue, following the cursor page after page", await WalkAsync(api, queue, warmup, runs));
        Console.WriteLine();
    }

    private sealed record Result(List<double> Samples, double RowsAPage);

    private static void Print(string name, Result result)
    {
        var samples = result.Samples;
        samples.Sort();
        double At(double quantile) => samples[Math.Max(0, (int)Math.Ceiling(quantile * samples.Count) - 1)];
        var rows = double.IsNaN(result.RowsAPage) ? "" : result.RowsAPage.ToString("F0", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {samples.Count} | {At(0.5):F1} | {At(0.95):F1} | {At(0.99):F1} | {samples[^1]:F1} | {rows} | {(At(0.95) < GoalP95 ? "yes" : "**no**")} |"));
    }

    private static async Task<Result> TimeAsync(HttpClient client, Func<int, string> path, int warmup, int runs, int concurrency, TimeSpan budget)
    {
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < warmup && elapsed.Elapsed < budget / 4; i++)
            await GetAsync(client, path(runs + i));

        elapsed.Restart();
        var samples = new ConcurrentBag<double>();
        var rows = new ConcurrentBag<int>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < runs && elapsed.Elapsed < budget; i = Interlocked.Increment(ref next))
            {
                var watch = Stopwatch.StartNew();
                var body = await GetAsync(client, path(i));
                samples.Add(watch.Elapsed.TotalMilliseconds);
                if (ItemsOf(body) is { } count)
                    rows.Add(count);
            }
        }));
        return new Result([.. samples], rows.IsEmpty ? double.NaN : rows.Average());
    }

    private static async Task<Result> WalkAsync(HttpClient client, string queue, int warmup, int runs)
    {
        var samples = new List<double>();
        var rows = 0;
        string? cursor = null;
        for (var i = 0; i < warmup + runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var body = await GetAsync(client, cursor is null ? queue : $"{queue}?cursor={cursor}");
            if (i >= warmup)
            {
                samples.Add(watch.Elapsed.TotalMilliseconds);
                rows += ItemsOf(body) ?? 0;
            }

            using var json = JsonDocument.Parse(body);
            cursor = json.RootElement.GetProperty("nextCursor").GetString();
            if (cursor is null)
                break;
        }

        return new Result(samples, (double)rows / Math.Max(1, samples.Count));
    }

    private static int? ItemsOf(string body)
    {
        if (!body.StartsWith("{\"items\":", StringComparison.Ordinal))
            return null;
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("items").GetArrayLength();
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
        return body;
    }

    /// <summary>
    /// A client with the sign-in cookie of a demo identity, as the page tests sign in: the demo page's form
    /// (with its antiforgery token and cookie), posted. Cookies are sent by hand: they are Secure, and this is plain HTTP on loopback.
    /// </summary>
    private static async Task<HttpClient> SignedInAsync(Uri baseAddress, string email)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        using var form = await client.GetAsync("logga-in/demo");
        var html = await form.Content.ReadAsStringAsync();
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        if (!form.IsSuccessStatusCode || !token.Success)
            throw new InvalidOperationException($"The demo sign-in page answered {(int)form.StatusCode} without a form (is the environment Testing?).");

        using var post = new HttpRequestMessage(HttpMethod.Post, "logga-in/demo")
        {
            Content = new FormUrlEncodedContent([new("email", email), new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]),
        };
        post.Headers.Add("Cookie", Cookies(form));
        using var signedIn = await client.SendAsync(post);
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Demo sign-in answered {(int)signedIn.StatusCode}.");
        client.DefaultRequestHeaders.Add("Cookie", Cookies(signedIn));
        return client;
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(value => value.Split(';')[0]) : []);

    private static string? Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, $"--{name}");
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>What the requests ask for, drawn from the database with a fixed seed: reports, receipt tokens, positions in the queue.</summary>
    private sealed record TestData(long Reports, long InQueue, Guid QueueId, IReadOnlyList<string> ReportIds, IReadOnlyList<string> Tokens, IReadOnlyList<string> Cursors)
    {
        public static TestData Read(string database, int seed, int count)
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            connection.Open();
            var random = new Random(seed + 8);
            var reports = (long)SqliteRead.Scalar(connection, "SELECT COUNT(*) FROM reports")!;
            var queueId = Guid.Parse((string)SqliteRead.Scalar(connection,
                "SELECT q.id FROM queues q JOIN associations a ON a.id = q.association_id WHERE a.code = 'hoglandet' ORDER BY q.created_at LIMIT 1")!);
            var inQueue = (long)SqliteRead.Scalar(connection, "SELECT COUNT(*) FROM reports WHERE queue_id = $p", queueId.ToString())!;

            // Generated reports have the receipt tokens Generator.ReceiptToken gives, by their index in the run.
            var generated = (long)SqliteRead.Scalar(connection, "SELECT COUNT(*) FROM reports WHERE channel = 'api'")!;
            if (generated == 0 || SqliteRead.Scalar(connection, "SELECT report_id FROM receipts WHERE token_hash = $p", Generator.ReceiptTokenHash(Generator.ReceiptToken(seed, 0))) is null)
                throw new InvalidOperationException($"{database} has no receipts made by this generator with seed {seed}: generate it again (bench/scale.sh does when it is missing).");
            var tokens = Enumerable.Range(0, count).Select(_ => Generator.ReceiptToken(seed, random.Next((int)Math.Min(generated, int.MaxValue)))).ToList();

            var (first, last) = ((long)SqliteRead.Scalar(connection, "SELECT MIN(rowid) FROM reports")!, (long)SqliteRead.Scalar(connection, "SELECT MAX(rowid) FROM reports")!);
            var ids = new List<string>();
            while (ids.Count < count)
            {
                if (SqliteRead.Scalar(connection, "SELECT id FROM reports WHERE rowid = $p", random.NextInt64(first, last + 1)) is string id)
                    ids.Add(id);
            }

            // About 500 positions spread over the whole queue (every n-th report by rowid, which follows filing time), as the
            // service's opaque cursor spells them (GetQueueReports.Keyset: base64url of "ticks:id").
            var cursors = new List<string>();
            using (var command = connection.CreateCommand())
            {
                var step = Math.Max(1, inQueue / 500);
                command.CommandText = $"SELECT created_at, id FROM reports WHERE queue_id = $p AND rowid % {step} = 0";
                command.Parameters.AddWithValue("$p", queueId.ToString());
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var createdAt = DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                    cursors.Add(Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                        $"{createdAt.UtcTicks}:{Guid.Parse(reader.GetString(1)):N}"))).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
                }
            }

            cursors = [.. cursors.OrderBy(_ => random.Next())];
            return new TestData(reports, inQueue, queueId, ids, tokens, cursors);
        }
    }
}
