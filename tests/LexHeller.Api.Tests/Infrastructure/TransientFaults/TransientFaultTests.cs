using System.Diagnostics.Metrics;
using LexHeller.Api.Data.Resilience;
using LexHeller.Testing.Faults;
using Microsoft.Extensions.Logging;

namespace LexHeller.Api.Tests.Infrastructure.TransientFaults;

/// <summary>
/// The retries over HTTP, on the real SQLite database with the retries turned on as on SQL Server, and
/// SQL Server's faults thrown by a fault source in front of the connections.
/// </summary>
public sealed class TransientFaultTests : IAsyncLifetime
{
    private const int MaxRetryAttempts = 3;
    private const string InsertReport = "INSERT INTO reports";

    private readonly FaultSource _faults = new();
    private readonly LogCapture _logs = new();
    private readonly LexHellerApiFactory _factory;
    private Workflow _workflow = null!;
    private ReferenceDataSnapshot _referenceData = null!;

    public TransientFaultTests() => _factory = FaultInjection.CreateFactory(_faults, _logs, MaxRetryAttempts);

    public async ValueTask InitializeAsync()
    {
        _workflow = new Workflow(_factory);
        _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_report_that_meets_two_deadlocks_is_stored_once_with_its_rows_and_the_retries_are_logged_and_counted()
    {
        var body = ReportBodies.FromFixture(_referenceData, 1, ReportBodies.Contact());
        var (baseline, _, _) = await _workflow.FileAsync(body);
        var reportsBefore = await ReportCountAsync();
        using var retries = RetryCounter();
        var deadlock = _faults.Arm(FaultPoint.Command, 1205, times: 2, sql: InsertReport);

        var response = await _workflow.Reporter.PostReportAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (Guid)(await response.ReadJsonAsync())["id"]!;
        Assert.Equal(3, deadlock.Reached);
        Assert.Equal(reportsBefore + 1, await ReportCountAsync());
        Assert.Equal(await RowsOfAsync("report_events", baseline), await RowsOfAsync("report_events", id));
        Assert.Equal(await RowsOfAsync("receipts", baseline), await RowsOfAsync("receipts", id));
        Assert.Equal(await RowsOfAsync("report_involved_parties", baseline), await RowsOfAsync("report_involved_parties", id));
        Assert.Equal(1, await RowsOfAsync("reporter_contacts", id));
        var warnings = RetryWarnings();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, line =>
        {
            Assert.Equal("SubmitReport", line.State["Operation"]);
            Assert.Equal("1205", line.State["ErrorNumber"]);
        });
        Assert.Equal([1, 2], warnings.Select(line => (int)line.State["Retry"]!));
        Assert.Equal(2, retries.Total);
    }

    [Fact]
    public async Task A_report_read_that_cannot_open_a_connection_twice_answers_200()
    {
        var (id, _, _) = await _workflow.FileAsync(ReportBodies.FromFixture(_referenceData, 2));
        var expected = await (await _workflow.Triager.GetAsync($"/api/v1/reports/{id}")).Content.ReadAsStringAsync();
        var unavailable = _faults.Arm(FaultPoint.Open, 40613, times: 2);

        var response = await _workflow.Triager.GetAsync($"/api/v1/reports/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(2, unavailable.Thrown);
        Assert.Equal(2, RetryWarnings().Count);
    }

    [Fact]
    public async Task A_queue_read_whose_query_meets_40613_twice_answers_200()
    {
        await _workflow.FileAsync(ReportBodies.FromFixture(_referenceData, 5));
        var queueId = (Guid)(await _workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/queues"))!["queues"]!.AsArray()
            .Single(queue => (string)queue!["name"]! == "LSG Nässjö")!["id"]!;
        var expected = await (await _workflow.Triager.GetAsync($"/api/v1/queues/{queueId}/reports")).Content.ReadAsStringAsync();
        var unavailable = _faults.Arm(FaultPoint.Command, 40613, times: 2, sql: "FROM reports");

        var response = await _workflow.Triager.GetAsync($"/api/v1/queues/{queueId}/reports");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.True(unavailable.Reached >= 3);
        Assert.Equal(2, unavailable.Thrown);
    }

    [Fact]
    public async Task An_integration_partner_whose_key_lookup_cannot_open_a_connection_twice_files_its_report()
    {
        var reportsBefore = await ReportCountAsync();
        var unavailable = _faults.Arm(FaultPoint.Open, 40613, times: 2);
        var partner = _factory.CreateClient().WithApiKey(Api.Demo.DemoSeed.DemoApiKey);

        var response = await partner.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, unavailable.Thrown);
        Assert.Equal(reportsBefore + 1, await ReportCountAsync());
        Assert.All(RetryWarnings(), line => Assert.Equal("ApiKeyAuthentication", line.State["Operation"]));
        Assert.Equal(2, RetryWarnings().Count);
    }

    [Theory]
    [InlineData(2627)] // unique key violation
    [InlineData(547)]  // foreign key or check constraint
    public async Task A_constraint_violation_is_not_retried_and_answers_as_before(int number)
    {
        var reportsBefore = await ReportCountAsync();
        var violation = _faults.Arm(FaultPoint.Command, number, times: 100, sql: InsertReport);

        var response = await _workflow.Reporter.PostReportAsync(ReportBodies.FromFixture(_referenceData, 1));

        await Problems.AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal(1, violation.Reached);
        Assert.Equal(reportsBefore, await ReportCountAsync());
        Assert.Empty(RetryWarnings());
    }

    [Fact]
    public async Task A_fault_that_is_not_a_database_one_is_not_retried()
    {
        var fault = _faults.Arm(FaultPoint.Command, () => new InvalidOperationException("Not a database fault."), times: 100, sql: InsertReport);

        var response = await _workflow.Reporter.PostReportAsync(ReportBodies.FromFixture(_referenceData, 1));

        await Problems.AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal(1, fault.Reached);
    }

    [Fact]
    public async Task A_transient_fault_that_outlasts_the_retries_is_a_503_with_retry_after_and_stores_nothing()
    {
        var reportsBefore = await ReportCountAsync();
        var deadlock = _faults.Arm(FaultPoint.Command, 1205, times: 100, sql: InsertReport);

        var response = await _workflow.Reporter.PostReportAsync(ReportBodies.FromFixture(_referenceData, 1));

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("The database is unavailable", (string)problem["title"]!);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1 + MaxRetryAttempts, deadlock.Reached);
        Assert.Equal(reportsBefore, await ReportCountAsync());
        Assert.Equal(MaxRetryAttempts, RetryWarnings().Count);
    }

    [Theory]
    [InlineData(FaultPoint.BeforeCommit, 0)]
    [InlineData(FaultPoint.AfterCommit, 1)]
    public async Task A_fault_during_the_commit_of_a_report_without_idempotency_key_is_not_retried(FaultPoint point, int stored)
    {
        var reportsBefore = await ReportCountAsync();
        var fault = _faults.Arm(point, 40613, times: 1);

        // As the party the demo reporter acts for already: no administration of the test's own meets the fault.
        var response = await OwnPartyReporter().PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData));

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("The outcome is unknown", (string)problem["title"]!);
        Assert.Null(response.Headers.RetryAfter);
        Assert.Equal(1, fault.Reached);
        // Whether it was stored is exactly what the client cannot know, and why it is not repeated blindly.
        Assert.Equal(reportsBefore + stored, await ReportCountAsync());
    }

    [Theory]
    [InlineData(FaultPoint.BeforeCommit, false)]
    [InlineData(FaultPoint.AfterCommit, true)]
    public async Task A_fault_during_the_commit_of_a_report_with_an_idempotency_key_is_retried_and_stores_it_once(FaultPoint point, bool replayed)
    {
        var reportsBefore = await ReportCountAsync();
        var fault = _faults.Arm(point, 40613, times: 1);

        var response = await OwnPartyReporter().PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData), idempotencyKey: Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(replayed, response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, fault.Reached);
        Assert.Equal(reportsBefore + 1, await ReportCountAsync());
        var id = (Guid)(await response.ReadJsonAsync())["id"]!;
        Assert.Equal(1, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports WHERE id = @Id", new { Id = id }));
        Assert.Single(RetryWarnings());
    }

    private HttpClient OwnPartyReporter() => _factory.CreateClient().WithBearer(TestTokens.For("reporter", LexHeller.Api.Demo.DemoSeed.ReporterEmail));

    private IReadOnlyList<LogCapture.LogLine> RetryWarnings() => _logs.Of(typeof(DatabaseResilience).FullName!, LogLevel.Warning);

    private Task<int> ReportCountAsync() => _factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports");

    private Task<int> RowsOfAsync(string table, Guid reportId) =>
        _factory.ScalarAsync<int>($"SELECT COUNT(*) FROM {table} WHERE report_id = @ReportId", new { ReportId = reportId });

    private RetryListener RetryCounter() => new(_factory.Services.GetRequiredService<IMeterFactory>());

    /// <summary>Sums <c>lexheller.db.retries</c> of this factory's service only (its meter factory), not of others running in parallel.</summary>
    private sealed class RetryListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public RetryListener(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DatabaseResilience.MeterName && instrument.Name == DatabaseResilience.RetriesCounterName
                    && ReferenceEquals(instrument.Meter.Scope, meters))
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
