using System.Diagnostics;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// Storage behaviour behind administration, notifications and likely duplicates, written once and
/// bound to each engine: rules created over HTTP decide routing, an outbox row is delivered once by
/// the dispatcher, and the similarity search reads the right candidates.
/// </summary>
public abstract class AdministrationAndDeliveryContract : IAsyncDisposable
{
    private LexHellerApiFactory? _factory;

    protected abstract ValueTask<LexHellerApiFactory> CreateFactoryAsync();

    private async Task<(LexHellerApiFactory Factory, Workflow Workflow, ReferenceDataSnapshot ReferenceData)> StartAsync()
    {
        _factory = await CreateFactoryAsync();
        var workflow = new Workflow(_factory);
        return (_factory, workflow, await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous));
    }

    [Fact]
    public async Task A_rule_created_by_an_administrator_routes_the_next_report_to_its_queue()
    {
        var (factory, workflow, referenceData) = await StartAsync();
        var admin = factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        var group = await CreatedIdAsync(await admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/steering-groups",
            new { name = "Arbetsgruppen Eksjö", nextMeetingOn = "2026-12-10" }));
        var queue = await CreatedIdAsync(await admin.PostAsJsonAsync($"/api/v1/admin/steering-groups/{group}/queues", new { name = "Regelkrockar i Eksjö" }));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsync($"/api/v1/admin/steering-groups/{group}/members/{DemoSeed.TriagerEmail}", null)).StatusCode);
        var rule = await admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/routing-rules", new
        {
            areaCode = "eksjo", category = "conflicting-rules", queueId = queue, description = "Regelkrockar i Eksjö: arbetsgruppen",
        });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);

        var (id, _, _) = await workflow.FileAsync(ReportBodies.FromFixture(referenceData, 8));   // Eksjö, conflicting rules

        var report = (await workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Equal("Regelkrockar i Eksjö", (string)report["queue"]!["name"]!);
    }

    [Fact]
    public async Task A_referral_is_queued_for_the_party_and_delivered_once_by_the_dispatcher()
    {
        var (factory, workflow, referenceData) = await StartAsync();
        var (id, _, reference) = await workflow.FileAsync(ReportBodies.FromFixture(referenceData, 13, ReportBodies.Contact("rapportor@tranas.example")));
        await workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await workflow.ReferAsync(id, "Försäkringskassan");
        // The referral's two (the receipt and the steering group's news of the report were queued on filing).
        const string Queued = "SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND kind IN ('referral', 'referral-to-reporter')";
        const string Sent = "SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND kind IN ('referral', 'referral-to-reporter') AND sent_at IS NOT NULL";
        Assert.Equal(2, await factory.ScalarAsync<int>(Queued, new { Id = id }));

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var waited = Stopwatch.StartNew();
        while (await factory.ScalarAsync<int>(Sent, new { Id = id }) < 2 && waited.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(50);

        Assert.Equal(2, await factory.ScalarAsync<int>(Sent, new { Id = id }));
        var mails = Directory.GetFiles(factory.MailDirectory, "*.eml").Select(File.ReadAllText).Where(mail => mail.Contains(reference, StringComparison.Ordinal)).ToList();
        Assert.Single(mails, mail => mail.Contains(DemoSeed.ResponderFkEmail, StringComparison.Ordinal));
        Assert.Contains(mails, mail => mail.Contains("rapportor@tranas.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Likely_duplicates_are_found_among_the_associations_recent_reports()
    {
        var (_, workflow, referenceData) = await StartAsync();
        // The demo seed files every fixture once: the original gets a text of its own, so that it, not the seeded copy, is the match.
        var first = ReportBodies.FromFixture(referenceData, 0);
        first["description"] = "Biståndshandläggaren väntade i åtta veckor på ett utlåtande från psykiatrin om förmågan att delta i "
            + "arbetsträning. Psykiatrin hade skickat utlåtandet till fel enhet på Försäkringskassan och ingen vidarebefordrade det.";
        var (original, _, originalReference) = await workflow.FileAsync(first);
        var retelling = ReportBodies.FromFixture(referenceData, 0);
        retelling["description"] = "Utlåtandet från psykiatrin om förmågan att delta i arbetsträning dröjde åtta veckor för biståndshandläggaren. "
            + "Det hade skickats till fel enhet på Försäkringskassan, och ingen där vidarebefordrade utlåtandet.";
        var (copy, _, _) = await workflow.FileAsync(retelling);

        var similar = (await workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{copy}/similar"))!;

        var best = similar["candidates"]!.AsArray().First()!;
        Assert.Equal(original, (Guid)best["id"]!);
        Assert.Equal(originalReference, (string)best["reference"]!);
        Assert.True((double)best["score"]! > 0.5, similar.ToJsonString());
    }

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (Guid)(await response.ReadJsonAsync())["id"]!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
