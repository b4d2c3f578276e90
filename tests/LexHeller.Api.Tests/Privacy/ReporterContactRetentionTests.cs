using LexHeller.Api.Features.Privacy;
using Microsoft.Extensions.Hosting;

namespace LexHeller.Api.Tests.Privacy;

/// <summary>The retention job purges a reporter's contact a configured number of months after closure, on the service's clock, and logs it.</summary>
public sealed class ReporterContactRetentionTests : IAsyncLifetime
{
    private LexHellerApiFactory _factory = null!;
    private Workflow _workflow = null!;
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync() => await StartAsync(new Dictionary<string, string?>());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private async Task StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        _factory = new LexHellerApiFactory(settings: settings);
        _workflow = new Workflow(_factory);
        _referenceData = await ReferenceDataSnapshot.LoadAsync(_workflow.Anonymous);
    }

    [Fact]
    public async Task A_contact_is_kept_until_twelve_months_after_closure_and_purged_then_with_a_logged_event()
    {
        var id = await FileAndCloseAsync(0);
        var closedAt = _factory.Clock.GetUtcNow();

        _factory.Clock.SetUtcNow(closedAt.AddMonths(12).AddMinutes(-1));
        await RunRetentionAsync();
        Assert.Equal("retention@eksjo.example", (string)(await ReportAsync(id))["reporter"]!["email"]!);

        _factory.Clock.SetUtcNow(closedAt.AddMonths(12));
        await RunRetentionAsync();

        var report = await ReportAsync(id);
        Assert.Null(report["reporter"]);
        Assert.Equal(_factory.Clock.GetUtcNow(), (DateTimeOffset)report["reporterContactPurgedAt"]!);
        var page = _factory.CreatePageClient();
        await page.SignInAsync(LexHeller.Api.Demo.DemoSeed.TriagerEmail);
        Assert.Contains("Kontaktuppgifterna gallrades", await page.GetPageAsync($"/triage/avvikelse/{id}"), StringComparison.Ordinal);
        Assert.Equal(1, await _factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reporter_contacts WHERE report_id = @Id AND sealed_contact IS NULL AND purged_at IS NOT NULL", new { Id = id }));
        var purge = Assert.Single(await _factory.QueryAsync<(string Actor, string Purpose)>(
            "SELECT actor, purpose FROM reporter_contact_access WHERE report_id = @Id AND action = 'purged'", new { Id = id }));
        Assert.Equal((ReporterContactRetentionJob.Actor, "retention"), purge);
        var history = (await _workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
        var purgedEvent = history.Last()!;
        Assert.Equal(("reporter-contact-purged", ReporterContactRetentionJob.Actor), ((string)purgedEvent["type"]!, (string)purgedEvent["actor"]!));
    }

    [Fact]
    public async Task The_time_after_closure_is_configurable()
    {
        await _factory.DisposeAsync();
        await StartAsync(new Dictionary<string, string?> { ["Retention:ReporterContactMonthsAfterClosure"] = "3" });
        var id = await FileAndCloseAsync(3);

        _factory.Clock.Advance(TimeSpan.FromDays(93));
        await RunRetentionAsync();

        Assert.Null((await ReportAsync(id))["reporter"]);
    }

    private async Task<Guid> FileAndCloseAsync(int fixture)
    {
        var (id, _, _) = await _workflow.FileAsync(ReportBodies.FromFixture(_referenceData, fixture, ReportBodies.Contact("retention@eksjo.example")));
        await _workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await _workflow.StepAsync(id, "closure", new
        {
            resolution = "resolved-locally",
            reason = "Löst direkt med enhetschefen.",
            messageToReporter = "Tack, det är löst.",
        });
        return id;
    }

    private async Task<JsonNode> ReportAsync(Guid id) => (await _workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;

    /// <summary>One pass of the job, as its timer would run it (the timer runs too: a purge is done once either way).</summary>
    private async Task RunRetentionAsync()
    {
        var job = _factory.Services.GetServices<IHostedService>().OfType<ReporterContactRetentionJob>().Single();
        await job.RunOnceAsync(CancellationToken.None);
    }
}
