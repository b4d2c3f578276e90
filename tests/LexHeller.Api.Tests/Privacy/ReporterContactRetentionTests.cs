using LexHeller.Api.Features.Privacy;
using Microsoft.Extensions.Hosting;

namespace LexHeller.Api.Tests.Privacy;

/// <summary>The retention job on the service's clock: its time is configurable, and the page says when it has purged a contact.</summary>
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

    /// <summary>
    /// What storage does at the boundary (kept a minute before twelve months, purged at twelve, logged) is the
    /// contract's (<see cref="LexHeller.Testing.Contracts.ReporterContactContract"/>, both engines); here, what the
    /// steering group's page then says.
    /// </summary>
    [Fact]
    public async Task The_triage_page_says_the_contact_was_purged()
    {
        var id = await FileAndCloseAsync(0);
        var closedAt = _factory.Clock.GetUtcNow();
        var page = _factory.CreatePageClient();
        await page.SignInAsync(DemoSeed.TriagerEmail);
        Assert.DoesNotContain("Kontaktuppgifterna gallrades", await page.GetPageAsync($"/triage/avvikelse/{id}"), StringComparison.Ordinal);

        _factory.Clock.SetUtcNow(closedAt.AddMonths(12));
        await RunRetentionAsync();

        Assert.Null((await ReportAsync(id))["reporter"]);
        Assert.Contains("Kontaktuppgifterna gallrades", await page.GetPageAsync($"/triage/avvikelse/{id}"), StringComparison.Ordinal);
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
