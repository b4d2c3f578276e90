using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LexHeller.Api.Data;
using LexHeller.Api.Demo;
using LexHeller.Api.Features.Privacy;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task A_contact_is_stored_sealed_opened_with_a_logged_reading_and_purged_a_year_after_closure()
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
        factory.Clock.Advance(TimeSpan.FromDays(367));
        await factory.Services.GetServices<IHostedService>().OfType<ReporterContactRetentionJob>().Single().RunOnceAsync(CancellationToken.None);

        Assert.Null((await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["reporter"]);
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reporter_contact_access WHERE report_id = @Id AND action = 'purged' AND actor = 'system:retention'", new { Id = id }));
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM report_events WHERE report_id = @Id AND event_type = 'reporter-contact-purged'", new { Id = id }));
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
