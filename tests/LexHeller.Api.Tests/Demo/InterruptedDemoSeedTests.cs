using Dapper;
using LexHeller.Testing.Faults;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Demo;

/// <summary>
/// The demo seed is several transactions (the world, one per report, the follow-up). A service killed
/// during its first start (bench/crash-startup.sh found it) must finish the seed on its next start:
/// the same world, references and follow-up as a seed that was never interrupted, and nothing twice.
/// </summary>
public sealed class InterruptedDemoSeedTests
{
    private static readonly string[] Tables =
    [
        "associations", "areas", "parties", "steering_groups", "queues", "routing_rules", "api_clients",
        "reports", "report_involved_parties", "report_events", "receipts", "reference_counters",
        "pattern_detections", "outbox_messages", "follow_ups", "follow_up_reports", "follow_up_events",
    ];

    public static TheoryData<string, FaultPoint, string?, int> Interruptions => new()
    {
        { "before the world was committed", FaultPoint.BeforeCommit, null, 0 },
        { "after seven reports", FaultPoint.Command, "INSERT INTO reports", 7 },
        { "after the last report, before the follow-up", FaultPoint.Command, "INSERT INTO follow_ups", 0 },
    };

    [Theory]
    [MemberData(nameof(Interruptions))]
    public async Task A_seed_cut_short_is_finished_on_the_next_start_as_if_it_had_never_stopped(
        string moment, FaultPoint point, string? sql, int after)
    {
        await using var pristine = new LexHellerApiFactory();
        pristine.CreateClient().Dispose();
        var expected = await SnapshotAsync(pristine.DatabasePath);

        var faults = new FaultSource { RequestsOnly = false };
        var fault = faults.Arm(point, () => new InvalidOperationException($"The service was killed {moment}."), times: 1, sql, after);
        await using var interrupted = new LexHellerApiFactory(services: services => FaultInjection.Install(services, faults));
        var failure = Assert.ThrowsAny<Exception>(() => interrupted.CreateClient());
        Assert.Contains($"killed {moment}", Flatten(failure), StringComparison.Ordinal);
        Assert.Equal(1, fault.Thrown);
        Assert.NotEqual(expected, await SnapshotAsync(interrupted.DatabasePath));

        await using var restarted = RestartOn(interrupted);
        using var triager = restarted.CreateClient().WithBearer(TestTokens.For("triager", DemoSeed.TriagerEmail));

        Assert.Equal(expected, await SnapshotAsync(interrupted.DatabasePath));
        var followUps = (await triager.GetFromJsonAsync<JsonNode>("/api/v1/follow-ups?associationCode=hoglandet"))!;
        Assert.Equal(DemoSeed.DemoFollowUpTitle, (string)followUps["followUps"]!.AsArray().Single()!["title"]!);

        // A third start leaves the finished seed alone.
        await using var again = RestartOn(interrupted);
        again.CreateClient().Dispose();
        Assert.Equal(expected, await SnapshotAsync(interrupted.DatabasePath));
    }

    /// <summary>The service started again on <paramref name="stopped"/>'s database and key ring.</summary>
    private static LexHellerApiFactory RestartOn(LexHellerApiFactory stopped) => new(
        connectionString: $"Data Source={stopped.DatabasePath}",
        settings: new Dictionary<string, string?>
        {
            ["DataProtection:KeysDirectory"] = Path.Combine(Path.GetDirectoryName(stopped.DatabasePath)!, "keys"),
        });

    /// <summary>Row counts of the seeded tables, and every report's association, reference, status and text in filing order.</summary>
    private static async Task<string> SnapshotAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var lines = new List<string>();
        foreach (var table in Tables)
            lines.Add($"{table}: {await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}")}");
        lines.AddRange(await connection.QueryAsync<string>("""
            SELECT a.code || ' ' || r.reference || ' ' || r.status || ' ' || r.description
            FROM reports r JOIN associations a ON a.id = r.association_id
            ORDER BY a.code, r.reference
            """));
        return string.Join('\n', lines);
    }

    private static string Flatten(Exception exception) => exception switch
    {
        AggregateException aggregate => string.Join(" | ", aggregate.InnerExceptions.Select(Flatten)),
        { InnerException: { } inner } => exception.Message + " | " + Flatten(inner),
        _ => exception.Message,
    };
}
