using System.Net.Http.Headers;

namespace LexHeller.Bench;

/// <summary>
/// Times what analysts and triagers ask of the service over HTTP, as a client would: statistics,
/// patterns and exports over every report of the generated association. Each query is asked a few
/// times to warm up, then <c>runs</c> times one after another; the table gives median, p95 and min.
/// Exports are read to the end and counted; the service is restarted first so its peak memory is the export's.
/// </summary>
public static class Measurements
{
    private const string Triager = "triager@demo.lexheller.example";
    private const string Analyst = "analyst@demo.lexheller.example";

    public static async Task RunAsync(Options options, string work, DateOnly today)
    {
        var from = today.AddYears(-options.Years).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var range = $"associationCode=hoglandet&from={from}&to={to}";
        var reports = CountReports(options.Database);
        var label = options.Label is { Length: > 0 } given ? given : $"{reports:N0} reports";
        Console.WriteLine($"### {label}");
        Console.WriteLine();
        if (options.Only != "exports")
            await QueriesAsync(options, work, range);
        if (options.Only != "queries")
            await ExportsAsync(options, work, range);
    }

    private static async Task QueriesAsync(Options options, string work, string range)
    {
        Console.WriteLine("| query | caller | median ms | p95 ms | min ms | runs |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");

        await using (var service = await Service.StartAsync(options.Service, options.Database, work))
        {
            await TimeAsync(service, "statistics: categories by month, all years", "analyst", Analyst, $"api/v1/statistics/categories?{range}&interval=month", options.Runs);
            await TimeAsync(service, "statistics: categories by year, all years", "analyst", Analyst, $"api/v1/statistics/categories?{range}&interval=year", options.Runs);
            await TimeAsync(service, "patterns (180-day window)", "analyst", Analyst, "api/v1/patterns?associationCode=hoglandet", options.Runs);
            await TimeAsync(service, "patterns (180-day window) with their reports", "triager", Triager, "api/v1/patterns?associationCode=hoglandet", options.Runs);
            await TimeAsync(service, "statistics: party pairs, all years", "analyst", Analyst, $"api/v1/statistics/party-pairs?{range}", options.Runs);
            await TimeAsync(service, "statistics: lead times, all years", "analyst", Analyst, $"api/v1/statistics/lead-times?{range}", options.Runs);
        }

        Console.WriteLine();
    }

    private static async Task ExportsAsync(Options options, string work, string range)
    {
        Console.WriteLine("| export | rows | seconds (median) | rows/s | peak RSS of the service, MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var format in new[] { "csv", "json" })
        {
            await using var service = await Service.StartAsync(options.Service, options.Database, work);
            var startupPeak = service.PeakMemoryMiB();
            var timings = new List<(double Seconds, long Rows)>();
            for (var run = 0; run < options.ExportRuns; run++)
                timings.Add(await ExportAsync(service, $"api/v1/exports/reports?{range}&format={format}", format));
            var median = timings.OrderBy(t => t.Seconds).ElementAt(timings.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| reports as {format} | {median.Rows:N0} | {median.Seconds:F2} | {median.Rows / median.Seconds:N0} | {service.PeakMemoryMiB():F0} (after start: {startupPeak:F0}) |"));
        }

        Console.WriteLine();
    }

    private static async Task TimeAsync(Service service, string name, string role, string email, string path, int runs)
    {
        using var client = Client(service, role, email);
        for (var i = 0; i < 3; i++)
            await GetAsync(client, path);

        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await GetAsync(client, path);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        var p95 = samples[(int)Math.Ceiling(0.95 * samples.Count) - 1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {role} | {samples[samples.Count / 2]:F1} | {p95:F1} | {samples[0]:F1} | {runs} |"));
    }

    private static async Task<(double Seconds, long Rows)> ExportAsync(Service service, string path, string format)
    {
        using var client = Client(service, "analyst", Analyst);
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        // CSV: one line per row between the header and the last line (the count left out). JSON: one object per row, each
        // beginning with its association, as the file's object does too.
        var marker = format == "csv" ? "\n"u8.ToArray() : "{\"association\":"u8.ToArray();
        var buffer = new byte[1 << 16];
        var carry = 0;
        long found = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(carry))) > 0)
        {
            var window = buffer.AsSpan(0, carry + read);
            var end = 0;
            for (var at = window.IndexOf(marker); at >= 0; at = window[end..].IndexOf(marker) is var next and >= 0 ? end + next : -1)
            {
                found++;
                end = at + marker.Length;
            }

            // Keep the tail that could be the start of a marker cut by the buffer's edge.
            carry = Math.Min(marker.Length - 1, window.Length - end);
            window[^carry..].CopyTo(buffer);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var rows = format == "csv" ? found - 2 : found - 1;
        return (seconds, rows);
    }

    private static async Task GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await response.Content.ReadAsByteArrayAsync();
    }

    private static HttpClient Client(Service service, string role, string email)
    {
        var client = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Service.TokenFor(role, email));
        return client;
    }

    private static long CountReports(string database)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM reports";
        return (long)command.ExecuteScalar()!;
    }
}
