using LexHeller.Api.Features.Privacy;
using Microsoft.Extensions.Hosting;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// The reporter's contact over storage — sealed, opened with a logged reading, copied sealed when a
/// report is forwarded, purged after retention — and where the engine keeps the key ring, written once
/// and bound to each engine.
/// </summary>
public abstract class ReporterContactContract : WorkflowContract
{
    private const string Email = "kontrakt.kontakt@aneby.example";

    [Fact]
    public async Task A_contact_is_stored_sealed_opened_with_a_logged_reading_and_purged_twelve_months_after_closure_not_a_minute_before()
    {
        var factory = await StartAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 7, ReportBodies.Contact(Email)));

        var sealedContact = await factory.ScalarAsync<string>("SELECT sealed_contact FROM reporter_contacts WHERE report_id = @Id", new { Id = id });
        Assert.DoesNotContain(Email, sealedContact, StringComparison.Ordinal);
        var report = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Equal(Email, (string)report["reporter"]!["email"]!);
        Assert.Equal(DemoSeed.TriagerEmail, await factory.ScalarAsync<string>(
            "SELECT actor FROM reporter_contact_access WHERE report_id = @Id AND action = 'read' AND purpose = 'triage'", new { Id = id }));

        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "closure", new { resolution = "not-actionable", reason = "Inget att göra." });
        var closedAt = factory.Clock.GetUtcNow();
        var retention = factory.Services.GetServices<IHostedService>().OfType<ReporterContactRetentionJob>().Single();

        // The engine compares the closure time with the cut-off: a minute before twelve months, the contact stays.
        factory.Clock.SetUtcNow(closedAt.AddMonths(12).AddMinutes(-1));
        await retention.RunOnceAsync(CancellationToken.None);
        Assert.Equal(Email, (string)(await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["reporter"]!["email"]!);

        factory.Clock.SetUtcNow(closedAt.AddMonths(12));
        await retention.RunOnceAsync(CancellationToken.None);

        var purged = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Null(purged["reporter"]);
        Assert.Equal(factory.Clock.GetUtcNow(), (DateTimeOffset)purged["reporterContactPurgedAt"]!);
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reporter_contacts WHERE report_id = @Id AND sealed_contact IS NULL AND purged_at IS NOT NULL", new { Id = id }));
        var purge = Assert.Single(await factory.QueryAsync<(string Actor, string Purpose)>(
            "SELECT actor, purpose FROM reporter_contact_access WHERE report_id = @Id AND action = 'purged'", new { Id = id }));
        Assert.Equal((ReporterContactRetentionJob.Actor, "retention"), purge);
        var history = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
        var purgedEvent = history.Last()!;
        Assert.Equal(("reporter-contact-purged", ReporterContactRetentionJob.Actor), ((string)purgedEvent["type"]!, (string)purgedEvent["actor"]!));
    }

    [Fact]
    public async Task A_forwarded_report_carries_the_sealed_contact_to_the_receiving_association()
    {
        var factory = await StartAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 8, ReportBodies.Contact(Email)));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "closure", new { resolution = "forwarded", forwardToAssociationCode = DemoSeed.NeighbourCode, reason = "Gäller Jönköping." });

        var copy = await factory.ScalarAsync<Guid>("SELECT forwarded_to_report_id FROM reports WHERE id = @Id", new { Id = id });
        var sealer = factory.Services.GetRequiredService<ReporterContactSealer>();
        var copied = await factory.ScalarAsync<string>("SELECT sealed_contact FROM reporter_contacts WHERE report_id = @Id", new { Id = copy });
        Assert.Equal(Email, sealer.Open(copy, copied)?.Email);
    }

    [Fact]
    public async Task Retention_purges_only_a_closed_report_past_its_time_an_open_a_reopened_one_and_a_forwarded_copy_keep_theirs()
    {
        var factory = await StartAsync();
        async Task<Guid> FileAndTriageAsync(int fixture, string email)
        {
            var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, fixture, ReportBodies.Contact(email)));
            await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
            return id;
        }

        var open = await FileAndTriageAsync(1, "oppen@eksjo.example");
        var reopened = await FileAndTriageAsync(2, "aterupptagen@eksjo.example");
        await Workflow.StepAsync(reopened, "closure", new { resolution = "resolved-locally", reason = "Löst." });
        await Workflow.StepAsync(reopened, "reopening", new { reason = "Nya uppgifter kom in." });
        var forwarded = await FileAndTriageAsync(8, Email);
        await Workflow.StepAsync(forwarded, "closure", new { resolution = "forwarded", forwardToAssociationCode = DemoSeed.NeighbourCode, reason = "Gäller Jönköping." });
        var copy = await factory.ScalarAsync<Guid>("SELECT forwarded_to_report_id FROM reports WHERE id = @Id", new { Id = forwarded });

        factory.Clock.Advance(TimeSpan.FromDays(800));
        await factory.Services.GetServices<IHostedService>().OfType<ReporterContactRetentionJob>().Single().RunOnceAsync(CancellationToken.None);

        const string Kept = "SELECT COUNT(*) FROM reporter_contacts WHERE report_id = @Id AND sealed_contact IS NOT NULL AND purged_at IS NULL";
        const string Purged = "SELECT COUNT(*) FROM reporter_contacts WHERE report_id = @Id AND sealed_contact IS NULL AND purged_at IS NOT NULL";
        Assert.Equal(1, await factory.ScalarAsync<int>(Purged, new { Id = forwarded }));
        foreach (var id in new[] { open, reopened, copy })
            Assert.Equal(1, await factory.ScalarAsync<int>(Kept, new { Id = id }));
        Assert.NotNull((await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{reopened}"))!["reporter"]);
        Assert.Equal([forwarded], await factory.QueryAsync<Guid>("SELECT report_id FROM reporter_contact_access WHERE action = 'purged'"));
        var sealer = factory.Services.GetRequiredService<ReporterContactSealer>();
        Assert.Equal(Email, sealer.Open(copy, await factory.ScalarAsync<string>("SELECT sealed_contact FROM reporter_contacts WHERE report_id = @Id", new { Id = copy }))?.Email);
    }

    [Fact]
    public async Task The_key_ring_is_kept_in_a_directory_for_sqlite_and_in_the_database_for_sql_server()
    {
        var factory = await StartAsync();
        await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 9, ReportBodies.Contact(Email)));

        var keysInDatabase = await factory.ScalarAsync<int>("SELECT COUNT(*) FROM data_protection_keys");
        if (factory.Provider == DatabaseProvider.SqlServer)
        {
            Assert.True(keysInDatabase > 0, "SQL Server keeps the key ring in data_protection_keys.");
        }
        else
        {
            Assert.Equal(0, keysInDatabase);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, "keys"), "key-*.xml"));
        }

        Assert.Equal(HttpStatusCode.OK, (await Workflow.Triager.GetAsync("/api/v1/queues")).StatusCode);
    }
}
