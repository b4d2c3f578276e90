using LexHeller.Api.Infrastructure.Idempotency;
using Microsoft.Extensions.Hosting;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// Expired idempotency records (they hold sealed receipt tokens) are deleted by a background job in small batches, not
/// by the submissions of other callers; an expired record is never honoured, deleted yet or not.
/// </summary>
public abstract class IdempotencyCleanupContract : IAsyncDisposable
{
    private LexHellerApiFactory? _factory;

    /// <summary>A factory over a new, empty database of the engine under test (or a skip).</summary>
    protected abstract ValueTask<LexHellerApiFactory> CreateFactoryAsync();

    private async Task<(LexHellerApiFactory Factory, ReferenceDataSnapshot ReferenceData)> StartAsync(bool jobRuns, int batchSize = 500)
    {
        _factory = (await CreateFactoryAsync()).WithSettings(new Dictionary<string, string?>
        {
            ["Idempotency:Cleanup:Enabled"] = jobRuns ? "true" : "false",
            ["Idempotency:Cleanup:Interval"] = "00:01:00",
            ["Idempotency:Cleanup:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return (_factory, await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient()));
    }

    private const string RecordsUnderKey = "SELECT COUNT(*) FROM idempotency_records WHERE idempotency_key = @Key";

    [Fact]
    public async Task A_keyed_submission_leaves_other_callers_expired_records_alone_and_an_expired_key_is_never_replayed()
    {
        var (factory, referenceData) = await StartAsync(jobRuns: false);
        var reporter = factory.ActingReporterClient();
        var colleague = factory.ActingReporterClient("colleague@demo.lexheller.example");
        var body = ReportBodies.FromFixture(referenceData, 2);
        var first = await (await reporter.PostReportAsync(body, idempotencyKey: "mine-expiring-key")).ReadJsonAsync();

        factory.Clock.Advance(IdempotencyStore.Lifetime + TimeSpan.FromHours(1));
        var theirs = await colleague.PostReportAsync(ReportBodies.FromFixture(referenceData, 3), idempotencyKey: "theirs-fresh-key");

        // The colleague's submission did no clean-up for the reporter: the reporter's expired record is still there.
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.Equal(1, await factory.ScalarAsync<int>(RecordsUnderKey, new { Key = "mine-expiring-key" }));

        // Not deleted, and still never honoured: the same key and body a day later files a new report, whose record
        // takes the place of the expired one.
        var again = await reporter.PostReportAsync(body, idempotencyKey: "mine-expiring-key");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual((string)first["id"]!, (string)(await again.ReadJsonAsync())["id"]!);
        Assert.Equal(1, await factory.ScalarAsync<int>(RecordsUnderKey, new { Key = "mine-expiring-key" }));
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM idempotency_records WHERE idempotency_key = @Key AND expires_at > @Now",
            new { Key = "mine-expiring-key", Now = factory.Clock.GetUtcNow() }));
    }

    [Fact]
    public async Task One_pass_of_the_clean_up_job_deletes_one_batch_of_the_oldest_expired_records_and_keeps_live_ones()
    {
        var (factory, referenceData) = await StartAsync(jobRuns: false);
        var now = factory.Clock.GetUtcNow();
        await InsertRecordsAsync(factory, referenceData, expired: 25, live: 3);
        var job = ActivatorUtilities.CreateInstance<IdempotencyCleanupJob>(factory.Services,
            new IdempotencyCleanupOptions { BatchSize = 10 });

        Assert.True(await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(15, await ExpiredAsync(factory, now));
        // The oldest went first: the ten that expired longest ago.
        Assert.Equal(0, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM idempotency_records WHERE scope = 'cleanup-test' AND expires_at < @Cutoff",
            new { Cutoff = now - TimeSpan.FromMinutes(15) }));

        Assert.True(await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(5, await ExpiredAsync(factory, now));
        Assert.False(await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await ExpiredAsync(factory, now));
        Assert.False(await job.RunOnceAsync(CancellationToken.None));

        // The live records, and the submission's own record, are kept.
        Assert.Equal(4, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM idempotency_records"));
    }

    [Fact]
    public async Task The_clean_up_job_runs_in_the_service_and_deletes_every_expired_record_batch_after_batch()
    {
        var (factory, referenceData) = await StartAsync(jobRuns: true, batchSize: 10);
        Assert.Single(factory.Services.GetServices<IHostedService>().OfType<IdempotencyCleanupJob>());
        var now = factory.Clock.GetUtcNow();
        await InsertRecordsAsync(factory, referenceData, expired: 25, live: 3);

        await factory.AdvanceUntilAsync(TimeSpan.FromMinutes(1), async () => await ExpiredAsync(factory, now) == 0,
            "the job has deleted every record that had expired");

        Assert.Equal(3, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM idempotency_records WHERE scope = 'cleanup-test'"));
    }

    private static Task<int> ExpiredAsync(LexHellerApiFactory factory, DateTimeOffset now) =>
        factory.ScalarAsync<int>("SELECT COUNT(*) FROM idempotency_records WHERE expires_at <= @Now", new { Now = now });

    /// <summary>
    /// One keyed submission (for a report to point at), then <paramref name="expired"/> records that expired a minute
    /// apart before now, the oldest <paramref name="expired"/> minutes ago, and <paramref name="live"/> that expire in a month.
    /// </summary>
    private static async Task InsertRecordsAsync(LexHellerApiFactory factory, ReferenceDataSnapshot referenceData, int expired, int live)
    {
        var created = await (await factory.ActingReporterClient().PostReportAsync(ReportBodies.FromFixture(referenceData, 1),
            idempotencyKey: "cleanup-submission")).ReadJsonAsync();
        var reportId = (Guid)created["id"]!;
        var now = factory.Clock.GetUtcNow();
        var rows = Enumerable.Range(1, expired).Select(i => (Key: $"expired-{i:D3}", ExpiresAt: now - TimeSpan.FromMinutes(i)))
            .Concat(Enumerable.Range(1, live).Select(i => (Key: $"live-{i:D3}", ExpiresAt: now + TimeSpan.FromDays(30) + TimeSpan.FromMinutes(i))));
        foreach (var (key, expiresAt) in rows)
        {
            await factory.ExecuteAsync("""
                INSERT INTO idempotency_records (scope, idempotency_key, request_hash, report_id, response_body, created_at, expires_at)
                VALUES ('cleanup-test', @Key, 'hash', @ReportId, 'sealed', @CreatedAt, @ExpiresAt)
                """, new { Key = key, ReportId = reportId, CreatedAt = expiresAt - TimeSpan.FromDays(1), ExpiresAt = expiresAt });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
