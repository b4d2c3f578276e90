using System.Security.Cryptography;
using System.Text;
using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Privacy;
using LexHeller.Api.Infrastructure.Mail;
using Microsoft.AspNetCore.DataProtection;

namespace LexHeller.Api.Tests.Privacy;

/// <summary>The reporter's contact is sealed at rest, opened only for those who may see it, and every opening is logged.</summary>
public sealed class ReporterContactEncryptionTests : WorkflowTests
{
    private const string Email = "sigrid.sekretess@eksjo.example";
    private const string Name = "Sigrid Sekretessdóttir";
    private const string Phone = "0381-36 11 11";

    private static JsonObject Contact(bool anonymousToParties = false)
    {
        var contact = ReportBodies.Contact(Email, anonymousToParties);
        contact["name"] = Name;
        contact["phone"] = Phone;
        return contact;
    }

    [Fact]
    public async Task The_raw_database_files_do_not_contain_the_reporters_email_name_or_phone()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 0, Contact()));
        // The notifications a triager's steps queue for the reporter must not hold the address either.
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" });

        var report = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!;
        Assert.Equal(Email, (string)report["reporter"]!["email"]!);

        // The database file and its write-ahead log, as a thief who copied them would read them.
        var files = new[] { Factory.DatabasePath, Factory.DatabasePath + "-wal" }.Where(File.Exists).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await ReadSharedAsync(file);
            foreach (var secret in new[] { Email, Name, Phone })
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"{Path.GetFileName(file)} holds '{secret}' in UTF-8.");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"{Path.GetFileName(file)} holds '{secret}' in UTF-16.");
            }
        }

        // What is stored is a Data Protection payload that the service opens, not the text.
        var stored = await Factory.ScalarAsync<string>("SELECT sealed_contact FROM reporter_contacts WHERE report_id = @Id", new { Id = id });
        Assert.StartsWith("CfDJ8", stored, StringComparison.Ordinal);
        Assert.Equal(Outbox.ReporterRecipient, await Factory.ScalarAsync<string>(
            "SELECT recipient FROM outbox_messages WHERE report_id = @Id AND kind = 'information-request'", new { Id = id }));
    }

    [Fact]
    public async Task Each_time_a_triager_opens_the_report_the_reading_is_logged_with_the_triager_and_the_purpose()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1, Contact()));

        await Workflow.Triager.GetAsync($"/api/v1/reports/{id}");
        Factory.Clock.Advance(TimeSpan.FromMinutes(3));
        await Workflow.Triager.GetAsync($"/api/v1/reports/{id}");

        // The triager's readings (the outbox's own opening of the address for the receipt mail is logged too, as the system's).
        var reads = (await ReadsAsync(id)).Where(read => read.Actor != OutboxAddressing.ContactReader).ToList();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, read => Assert.Equal(("read", DemoSeed.TriagerEmail, "triage"), (read.Action, read.Actor, read.Purpose)));
        Assert.Equal(TimeSpan.FromMinutes(3), reads[1].OccurredAt - reads[0].OccurredAt);

        // The steering group reads the same log through the API; reading it opens nothing.
        var log = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/reporter-contact/access-log"))!["entries"]!.AsArray();
        Assert.Equal(reads.Select(read => (read.Actor, read.Purpose, read.OccurredAt)),
            log.Select(entry => ((string)entry!["actor"]!, (string)entry["purpose"]!, (DateTimeOffset)entry["at"]!))
                .Where(entry => entry.Item1 != OutboxAddressing.ContactReader));
        Assert.Equal(2, (await ReadsAsync(id)).Count(read => read.Actor != OutboxAddressing.ContactReader));
    }

    [Fact]
    public async Task A_caller_who_may_not_read_the_report_gets_no_contact_and_leaves_no_reading_in_the_log()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 2, Contact()));
        var analyst = Factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));

        var response = await analyst.GetAsync($"/api/v1/reports/{id}");

        await Problems.AssertProblemAsync(response, System.Net.HttpStatusCode.Forbidden);
        Assert.Empty(await ReadsAsync(id));
    }

    [Fact]
    public async Task A_responder_sees_and_is_logged_reading_the_contact_only_in_one_referral_and_never_when_the_reporter_is_anonymous()
    {
        var (open, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3, Contact()));
        var (hidden, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 4, Contact(anonymousToParties: true)));
        foreach (var id in new[] { open, hidden })
        {
            await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
            await Workflow.ReferAsync(id, "Försäkringskassan");
        }

        var inbox = await Workflow.ResponderFk.GetStringAsync("/api/v1/referrals");
        Assert.DoesNotContain(Email, inbox, StringComparison.Ordinal);
        Assert.DoesNotContain(await ReadsAsync(open), r => r.Actor == DemoSeed.ResponderFkEmail);

        var referrals = JsonNode.Parse(inbox)!["referrals"]!.AsArray();
        string ReferralOf(Guid id) => (string)referrals.Single(r => (string)r!["reference"]! == Workflow.ReferenceOf(id))!["id"]!;
        var openReferral = (await Workflow.ResponderFk.GetFromJsonAsync<JsonNode>($"/api/v1/referrals/{ReferralOf(open)}"))!;
        var hiddenReferral = await Workflow.ResponderFk.GetStringAsync($"/api/v1/referrals/{ReferralOf(hidden)}");

        Assert.Equal(Email, (string)openReferral["reporter"]!["email"]!);
        // The triager's readings (the workflow reads the report for its ETag) are logged too; the responder's is one.
        var read = Assert.Single(await ReadsAsync(open), r => r.Actor == DemoSeed.ResponderFkEmail);
        Assert.Equal(("read", "referral"), (read.Action, read.Purpose));
        Assert.DoesNotContain(Email, hiddenReferral, StringComparison.Ordinal);
        Assert.DoesNotContain(await ReadsAsync(hidden), r => r.Actor == DemoSeed.ResponderFkEmail);
    }

    [Fact]
    public async Task A_notification_to_the_reporter_is_addressed_when_sent_and_the_dispatcher_is_logged_as_the_reader()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 5, Contact()));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" });
        var outboxId = Guid.Parse(await Factory.ScalarAsync<string>(
            "SELECT id FROM outbox_messages WHERE report_id = @Id AND kind = 'information-request'", new { Id = id }));

        await Factory.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => Factory.AllSentAsync([outboxId]), "the question reaches the reporter");

        var mail = Directory.GetFiles(Factory.MailDirectory).Select(File.ReadAllText)
            .Single(text => text.Contains(OutboxDispatcher.MessageIdFor(outboxId), StringComparison.Ordinal));
        Assert.Contains($"To: {Email}", mail, StringComparison.Ordinal);
        Assert.Contains(await ReadsAsync(id), read => (read.Actor, read.Purpose) == (OutboxAddressing.ContactReader, "notification"));
    }

    [Fact]
    public async Task The_key_ring_that_seals_the_contacts_is_kept_in_the_configured_directory()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 6, Contact()));

        var directory = Path.Combine(Path.GetDirectoryName(Factory.DatabasePath)!, "keys");
        Assert.NotEmpty(Directory.GetFiles(directory, "key-*.xml"));

        // The keys in that directory, and nothing of the running service, open the contact sealed in the database.
        var sealedContact = await Factory.ScalarAsync<string>("SELECT sealed_contact FROM reporter_contacts WHERE report_id = @Id", new { Id = id });
        Assert.DoesNotContain(Email, sealedContact, StringComparison.Ordinal);
        Assert.Contains(Email, ProtectorOver(directory).Unprotect(sealedContact), StringComparison.Ordinal);

        // Control: keys from another directory do not open it.
        using var elsewhere = new ScratchDirectory("other-keys");
        Assert.ThrowsAny<CryptographicException>(() => ProtectorOver(elsewhere.Path).Unprotect(sealedContact));
    }

    /// <summary>The contact's protector over the key ring in <paramref name="directory"/> alone, as the service sets Data Protection up.</summary>
    private static IDataProtector ProtectorOver(string directory) =>
        new ServiceCollection().AddDataProtection().SetApplicationName("LexHeller").PersistKeysToFileSystem(new DirectoryInfo(directory)).Services
            .BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector(ReporterContactSealer.Purpose);

    private Task<IReadOnlyList<AccessRow>> ReadsAsync(Guid reportId) => Factory.QueryAsync<AccessRow>(
        "SELECT action, actor, purpose, occurred_at FROM reporter_contact_access WHERE report_id = @Id ORDER BY occurred_at, id",
        new { Id = reportId });

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    public sealed class AccessRow
    {
        public string Action { get; init; } = "";
        public string Actor { get; init; } = "";
        public string Purpose { get; init; } = "";
        public DateTimeOffset OccurredAt { get; init; }
    }
}
