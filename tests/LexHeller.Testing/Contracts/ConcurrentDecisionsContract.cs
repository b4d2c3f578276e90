using LexHeller.Api.Features.Privacy;
using LexHeller.Testing.Faults;
using Microsoft.Extensions.Hosting;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// Decisions that read rows another transaction is changing at the same moment, made while that other transaction
/// is in flight: the first request is held just before its commit (<see cref="FaultSource.HoldOnce"/>) and the
/// second runs meanwhile. Under READ_COMMITTED_SNAPSHOT, SQL Server's isolation model here, the second would read
/// the first one's rows as last committed and decide on a state that never existed (write skew), unless it waits
/// for a lock the first one holds (<c>TransactionLocks</c>). On SQLite the second transaction waits for the
/// database's write lock anyway. Written once and bound to each engine.
/// </summary>
public abstract class ConcurrentDecisionsContract : WorkflowContract
{
    // Long enough for the second request to run all the way to its commit (or to its lock) on a loaded machine.
    private static readonly TimeSpan HeldFor = TimeSpan.FromSeconds(2);

    private const string DefaultRules = """
        SELECT r.id FROM routing_rules r JOIN associations a ON a.id = r.association_id
        WHERE a.code = 'hoglandet' AND r.queue_id IS NOT NULL AND r.area_id IS NULL AND r.party_kind IS NULL AND r.category IS NULL
        """;

    private readonly FaultSource _faults = new();

    private Task<LexHellerApiFactory> StartHeldAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(settings, services => FaultInjection.InstallOnEitherEngine(services, _faults));

    /// <summary>Sends <paramref name="first"/>, holds it before its commit, runs <paramref name="second"/> meanwhile, then lets the first finish.</summary>
    private async Task<(T First, TSecond Second)> WhileHeldAsync<T, TSecond>(Func<Task<T>> first, Func<Task<TSecond>> second)
    {
        var hold = _faults.HoldOnce(FaultPoint.BeforeCommit, HeldFor);
        var firstTask = Task.Run(first);
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var secondResult = await second();
        return (await firstTask, secondResult);
    }

    [Fact]
    public async Task Two_administrators_deleting_the_last_two_default_routing_rules_at_once_leave_one()
    {
        var factory = await StartHeldAsync();
        var admin = factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        var existing = (await factory.QueryAsync<Guid>(DefaultRules)).ToList();
        var queueId = await factory.ScalarAsync<Guid>("SELECT queue_id FROM routing_rules WHERE id = @Id", new { Id = existing[0] });
        var added = await admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/routing-rules",
            new { description = "Allt annat: styrgruppen (reserv)", queueId, priority = 200 });
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        var rules = (await factory.QueryAsync<Guid>(DefaultRules)).ToList();
        foreach (var extra in rules.Skip(2))
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/routing-rules/{extra}")).StatusCode);

        var (first, second) = await WhileHeldAsync(
            () => admin.DeleteAsync($"/api/v1/admin/routing-rules/{rules[0]}"),
            () => admin.DeleteAsync($"/api/v1/admin/routing-rules/{rules[1]}"));

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.Conflict], new[] { first.StatusCode, second.StatusCode }.Order());
        Assert.Single(await factory.QueryAsync<Guid>(DefaultRules));
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        Assert.NotNull((await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["queue"]);
    }

    [Fact]
    public async Task Two_administrators_taking_each_others_administration_at_once_leave_one_administrator()
    {
        const string Second = "andra.admin@hoglandet.example";
        const string Administrators = """
            SELECT m.user_key FROM member_roles m JOIN associations a ON a.id = m.association_id
            WHERE a.code = 'hoglandet' AND m.role = 'admin'
            """;
        var factory = await StartHeldAsync();
        var first = factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        var granted = await first.PutAsJsonAsync($"/api/v1/admin/associations/hoglandet/members/{Second}", new { roles = new[] { "admin" }, partyIds = Array.Empty<Guid>() });
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
        var second = factory.CreateClient().WithBearer(TestTokens.For("admin", Second));
        Assert.Equal([DemoSeed.AdminEmail, Second], (await factory.QueryAsync<string>(Administrators)).Order());

        var (removedSecond, removedFirst) = await WhileHeldAsync(
            () => first.DeleteAsync($"/api/v1/admin/associations/hoglandet/members/{Second}"),
            () => second.DeleteAsync($"/api/v1/admin/associations/hoglandet/members/{DemoSeed.AdminEmail}"));

        // The second request waited for the first: then it is no longer an administrator's (403), or would remove the last one (409).
        Assert.Equal(HttpStatusCode.NoContent, removedSecond.StatusCode);
        Assert.Contains(removedFirst.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Conflict });
        Assert.Equal([DemoSeed.AdminEmail], await factory.QueryAsync<string>(Administrators));
    }

    [Fact]
    public async Task Two_parties_answering_a_reports_last_two_referrals_at_once_leave_it_answered()
    {
        var factory = await StartHeldAsync();
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 13));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(id, "Försäkringskassan");
        await Workflow.ReferAsync(id, "Arbetsförmedlingen");

        var (first, second) = await WhileHeldAsync(
            () => Workflow.AnswerAsync(Workflow.ResponderFk, id),
            () => Workflow.AnswerAsync(Workflow.ResponderAf, id));

        Assert.Equal(["answered", "referred"], new[] { (string)first["reportStatus"]!, (string)second["reportStatus"]! }.Order());
        Assert.Equal("answered", await factory.ScalarAsync<string>("SELECT status FROM reports WHERE id = @Id", new { Id = id }));
        Assert.Equal(0, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM referrals WHERE report_id = @Id AND status = 'open'", new { Id = id }));
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM report_events WHERE report_id = @Id AND event_type = 'answered'", new { Id = id }));
    }

    [Fact]
    public async Task A_report_reopened_while_the_retention_purge_runs_keeps_its_reporters_contact()
    {
        // The job's own timer must not pass while the clock moves past the retention time: the test runs the purge itself.
        var factory = await StartHeldAsync(new Dictionary<string, string?>
        {
            ["Retention:ReporterContactMonthsAfterClosure"] = "1",
            ["Retention:Interval"] = "45.00:00:00",
        });
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 2, ReportBodies.Contact("aterupptagen@eksjo.example")));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "closure", new { resolution = "resolved-locally", reason = "Löst." });
        factory.Clock.Advance(TimeSpan.FromDays(40));
        var retention = factory.Services.GetServices<IHostedService>().OfType<ReporterContactRetentionJob>().Single();
        // Read first: reading the report opens the contact, and that reading's log entry is committed on its own.
        var etag = await Workflow.ETagAsync(id);

        var (reopened, _) = await WhileHeldAsync(
            () => Workflow.ActAsync(id, "reopening", new { reason = "Problemet kom tillbaka." }, ifMatch: etag),
            async () => await retention.RunOnceAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        Assert.Equal("in-triage", await factory.ScalarAsync<string>("SELECT status FROM reports WHERE id = @Id", new { Id = id }));
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reporter_contacts WHERE report_id = @Id AND sealed_contact IS NOT NULL AND purged_at IS NULL", new { Id = id }));
        Assert.Equal(0, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reporter_contact_access WHERE report_id = @Id AND action = 'purged'", new { Id = id }));
    }

    [Fact]
    public async Task A_submission_and_a_triage_into_the_same_category_at_once_complete_the_pattern_and_it_is_told_once()
    {
        var factory = await StartHeldAsync();
        JsonNode Body(string category)
        {
            var body = ReportBodies.FromFixture(ReferenceData, 13);
            body["eventDate"] = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd");
            body["suggestedCategory"] = category;
            body["involvedPartyIds"] = new JsonArray(
                JsonValue.Create(ReferenceData.PartyId(ReportBodies.Association, "Region Jönköpings län")),
                JsonValue.Create(ReferenceData.PartyId(ReportBodies.Association, "Arbetsförmedlingen")));
            return body;
        }

        // One report of the pattern already; the threshold is three. The second comes by a triage, the third by a submission.
        await Workflow.FileAsync(Body("knowledge"));
        var (elsewhere, _, _) = await Workflow.FileAsync(Body("handover"));
        var etag = await Workflow.ETagAsync(elsewhere);
        const string Pattern = "SELECT COUNT(*) FROM pattern_detections WHERE category = 'knowledge'";
        Assert.Equal(0, await factory.ScalarAsync<int>(Pattern));

        var (submitted, triaged) = await WhileHeldAsync(
            () => Workflow.Reporter.PostReportAsync(Body("knowledge")),
            () => Workflow.ActAsync(elsewhere, "triage", new { reason = "Det gäller kunskap.", category = "knowledge" }, ifMatch: etag));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (submitted.StatusCode, triaged.StatusCode));
        Assert.Equal(1, await factory.ScalarAsync<int>(Pattern));
        Assert.Equal(1, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE kind = 'pattern'"));
    }
}
