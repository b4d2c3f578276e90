using LexHeller.Bench;

// dotnet run -c Release --project bench/LexHeller.Bench -- generate --db D --reports N [--years 12] [--seed 1] --service S
// dotnet run -c Release --project bench/LexHeller.Bench -- measure --db D --service S [--runs 20] [--export-runs 3] [--years 12] [--only queries|exports]
// dotnet run -c Release --project bench/LexHeller.Bench -- latency --db D --service S [--runs 200] [--seed 1] [--concurrency 1] [--warmup 20] [--budget 60] [--cases text]
// dotnet run -c Release --project bench/LexHeller.Bench -- plans --db D --service S
// bench/scale.sh runs generate (when missing), latency, plans and the export memory at 1M reports (issue 8).
// dotnet run -c Release --project bench/LexHeller.Bench -- intake-prepare --db D --service S [--reports 600] [--label bodies.tsv]
// bench/insight.sh runs both at 10k, 100k and 1M reports and writes bench/results/insight.md.
// dotnet run -c Release --project bench/LexHeller.Bench -- queue-overview-fill --db D --reports N --service S [--years 12] [--open-days 90]
// dotnet run -c Release --project bench/LexHeller.Bench -- queue-overview --db D --service S [--runs 20] [--warmup 5] [--budget 60]
// bench/queue-overview.sh runs both at 1M reports in one queue (issue 19, point 8).
var options = Options.Parse(args);
var work = Path.Combine(Path.GetTempPath(), "lexheller-bench");
Directory.CreateDirectory(work);
var today = DateOnly.FromDateTime(DateTime.UtcNow);

switch (options.Command)
{
    case "generate":
    {
        if (!File.Exists(options.Database))
        {
            // The service migrates and seeds the demo world (associations, areas, parties, members) on its first start.
            await using var seeding = await Service.StartAsync(options.Service, options.Database, work);
        }

        var started = DateTime.UtcNow;
        Generator.Run(options.Database, options.Fixtures, "hoglandet", options.Reports, options.Years, options.Seed, today);
        Console.WriteLine($"Generated {options.Reports:N0} reports in {(DateTime.UtcNow - started).TotalSeconds:F1} s into {options.Database}.");
        return 0;
    }
    case "measure":
        await Measurements.RunAsync(options, work, today);
        return 0;
    case "crash-intake": // bench/crash.sh: SIGKILL during intake, then check every acknowledged report (bench/README.md, crash durability)
        return await CrashDurability.IntakeAsync(options, args, work);
    case "crash-outbox": // bench/crash.sh: SIGKILL during notification dispatch to an SMTP sink
        return await CrashDurability.OutboxAsync(options, args, work);
    case "latency":
        await Latency.RunAsync(options, work, args);
        return 0;
    case "plans":
        QueryPlans.Print(options.Database, options.Service);
        return 0;
    case "queue-overview-fill": // bench/queue-overview.sh: a new database with --reports reports in one queue (issue 19, point 8)
        await QueueOverview.FillAsync(options, work, args);
        return 0;
    case "queue-overview": // bench/queue-overview.sh: the overview's statements before and after, and GET /api/v1/queues
        await QueueOverview.RunAsync(options, work, args);
        return 0;
    case "intake-prepare":
        // bench/intake.sh: a fresh database, API keys through the admin API, and the bodies file for wrk.
        await IntakePreparation.RunAsync(options, work, options.Label is { Length: > 0 } bodies ? bodies : "bench/.out/intake-bodies.tsv", options.Reports);
        return 0;
    default:
        Console.Error.WriteLine("Commands: generate, measure, latency, plans, crash-intake, crash-outbox, intake-prepare, queue-overview-fill, queue-overview (see bench/README.md).");
        return 2;
}

public sealed record Options(string Command, string Database, string Service, string Fixtures, int Reports, int Years, int Seed, int Runs, int ExportRuns, string Label, string Only)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
            values[args[i].TrimStart('-')] = args[i + 1];
        string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        int Number(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new Options(
            args.Length > 0 ? args[0] : "",
            Get("db", "bench-lexheller.db"),
            Get("service", "bench/.out/api/LexHeller.Api.dll"),
            Get("fixtures", "tests/fixtures/reports.sv.json"),
            Number("reports", 10_000),
            Number("years", 12),
            Number("seed", 1),
            Number("runs", 20),
            Number("export-runs", 3),
            Get("label", ""),
            Get("only", "all"));
    }
}
