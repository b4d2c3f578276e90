using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using LexHeller.Api.Data.Operations;
using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Infrastructure.Mail;
using Microsoft.Extensions.Hosting;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// The <c>copy</c> command into the bound engine: a SQLite service with every kind of data is copied,
/// key ring included, into an empty database; the service on the copy serves every read as the source
/// does, opens the sealed contacts, and goes on writing where the source left off.
/// </summary>
public abstract partial class DataCopyContract : WorkflowContract
{
    private const string IdempotencyKey = "kopia-idempotens-1";
    private const string PatternKey = "knowledge~region,employment-service";

    /// <summary>The source is always SQLite: the copy's only source engine.</summary>
    protected sealed override ValueTask<LexHellerApiFactory> CreateFactoryAsync() => ValueTask.FromResult(new LexHellerApiFactory());

    protected abstract DatabaseProvider TargetProvider { get; }

    /// <summary>The connection string of an empty database of the bound engine (it may not exist yet); files go in <paramref name="directory"/>.</summary>
    protected abstract string CreateEmptyTarget(string directory);

    [Fact]
    public async Task Every_read_of_the_copy_equals_the_source_and_the_copy_goes_on_where_the_source_left_off()
    {
        var source = await StartAsync();
        var world = await ArrangeAsync(source);
        var target = CreateEmptyTarget(Path.GetDirectoryName(source.DatabasePath)!);

        var (exitCode, output, error) = await CopyAsync(source, target);

        Assert.True(exitCode == CommandExitCodes.Done, error);
        Assert.Contains("every table's row count matches the source", output, StringComparison.Ordinal);
        Assert.Matches(@"\s+reports\s+" + await source.ScalarAsync<int>("SELECT COUNT(*) FROM reports") + " rows", output);
        // Before the service on the copy starts: its outbox dispatcher sends what is due.
        await AssertSameRowsAsync(source, target);
        await using var copy = StartOnCopy(source, target);

        var expected = await ReadEverythingAsync(source, world);
        var actual = await ReadEverythingAsync(copy, world);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i], actual[i]);

        var onCopy = new Workflow(copy);
        var sealedReport = (await onCopy.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{world.Reports[0].Id}"))!;
        Assert.Equal("kopia0@kommun.example", (string)sealedReport["reporter"]!["email"]!);

        var nextOnSource = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 4));
        var nextOnCopy = await onCopy.FileAsync(ReportBodies.FromFixture(ReferenceData, 4));
        Assert.Equal(nextOnSource.Reference, nextOnCopy.Reference);
        Assert.Equal(await SequencesAsync(source), await SequencesAsync(copy));

        var replay = await onCopy.Reporter.PostReportAsync(world.IdempotentBody, IdempotencyKey);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(world.IdempotentAnswer, await replay.Content.ReadAsStringAsync());

        Assert.Equal("closed", (string)(await onCopy.ReceiptAsync(world.Reports[0].Token))["status"]!);
        var stale = await onCopy.ActAsync(world.Reports[6].Id, "closure", new { resolution = "not-actionable", reason = "För sent." }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onCopy.ActAsync(world.Reports[4].Id, "closure", new { resolution = "not-actionable", reason = "Klar." })).StatusCode);
    }

    [Fact]
    public async Task A_target_that_already_holds_data_is_refused_and_left_as_it_was()
    {
        var source = await StartAsync();
        await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1, ReportBodies.Contact("kopia@kommun.example")));
        var target = CreateEmptyTarget(Path.GetDirectoryName(source.DatabasePath)!);
        Assert.Equal(CommandExitCodes.Done, (await CopyAsync(source, target)).ExitCode);
        await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 2));

        var (exitCode, _, error) = await CopyAsync(source, target);

        Assert.Equal(CommandExitCodes.Failed, exitCode);
        Assert.Contains("The target already holds data", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        await using var copy = StartOnCopy(source, target);
        Assert.Equal(await source.ScalarAsync<int>("SELECT COUNT(*) FROM reports") - 1, await copy.ScalarAsync<int>("SELECT COUNT(*) FROM reports"));
    }

    [Fact]
    public async Task Outbox_keys_of_320_character_addresses_copy_and_a_message_asked_for_again_on_the_copy_is_not_queued_twice()
    {
        var source = await StartAsync(new Dictionary<string, string?> { ["Notifications:Enabled"] = "false" });
        var contact = LongAddresses.Of("kopia.kontakt");
        await source.AddPartyContactAsync(await Workflow.PartyIdAsync("Försäkringskassan"), contact);
        var (reportId, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 13));
        await Workflow.StepAsync(reportId, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(reportId, "Försäkringskassan");

        // A message queued before keys were bounded, under its whole key (a SQLite file kept any length), and the
        // service started again on the file: migration 0017 bounds the key, as on an upgraded installation.
        var legacyEvent = Guid.NewGuid().ToString("D");
        var legacyKey = $"{Notifier.KindReminderAfterDue}:{legacyEvent}:{contact}";
        Assert.True(legacyKey.Length > OutboxKeys.MaxLength);
        await source.ExecuteAsync("""
            INSERT INTO outbox_messages (id, dedup_key, kind, report_id, association_id, recipient, subject, body, created_at, attempts, next_attempt_at)
            SELECT @Id, @Key, @Kind, id, association_id, @Contact, 'Påminnelse', 'Hej!', @Now, 0, @Now FROM reports WHERE id = @ReportId
            """, new { Id = Guid.CreateVersion7(), Key = legacyKey, Kind = Notifier.KindReminderAfterDue, Contact = contact, Now = source.Clock.GetUtcNow(), ReportId = reportId });
        await source.ExecuteAsync("DELETE FROM schemaversions WHERE scriptname LIKE '%0017_bound_outbox_keys'");
        source.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        var target = CreateEmptyTarget(Path.GetDirectoryName(source.DatabasePath)!);

        var (exitCode, _, error) = await CopyAsync(source, target);

        Assert.True(exitCode == CommandExitCodes.Done, error);
        await using var copy = StartOnCopy(source, target);
        const string ToContact = "SELECT kind, dedup_key FROM outbox_messages WHERE recipient = @Contact";
        var copied = await copy.QueryAsync<(string Kind, string DedupKey)>(ToContact, new { Contact = contact });
        Assert.Equal((await source.QueryAsync<(string Kind, string DedupKey)>(ToContact, new { Contact = contact })).Order(), copied.Order());
        Assert.Equal([Notifier.KindReferral, Notifier.KindReminderAfterDue], copied.Select(message => message.Kind).Order());
        Assert.All(copied, message => Assert.True(message.DedupKey.Length <= OutboxKeys.MaxLength, message.DedupKey));

        await using var scope = copy.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginTransactionAsync(CancellationToken.None);
        var queuedAgain = await Outbox.EnqueueAsync(session, new OutgoingEmail(OutboxKeys.For(Notifier.KindReminderAfterDue, legacyEvent, contact),
            Notifier.KindReminderAfterDue, reportId, contact, "Påminnelse", "Hej!"), copy.Clock.GetUtcNow(), CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        Assert.False(queuedAgain);
        Assert.Equal(2, (await copy.QueryAsync<(string Kind, string DedupKey)>(ToContact, new { Contact = contact })).Count);
    }

    public sealed record Filed(Guid Id, string Token, string Reference);

    /// <summary>What the arrangement made, for the reads.</summary>
    public sealed record World(IReadOnlyList<Filed> Reports, Guid FollowUpId, JsonNode IdempotentBody, string IdempotentAnswer);

    private async Task<World> ArrangeAsync(LexHellerApiFactory source)
    {
        var reports = new List<Filed>();
        for (var i = 0; i < Fixtures.Reports().Count; i++)
        {
            // Instants apart, so that no order falls back on how an engine sorts GUIDs.
            source.Clock.Advance(TimeSpan.FromMinutes(1));
            var contact = i % 3 == 0 ? ReportBodies.Contact($"kopia{i}@kommun.example", anonymousToParties: i % 6 == 0) : null;
            var (id, token, reference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, i, contact));
            reports.Add(new Filed(id, token, reference));
        }

        async Task Step(int report, string step, object body)
        {
            source.Clock.Advance(TimeSpan.FromMinutes(1));
            await Workflow.StepAsync(reports[report].Id, step, body);
        }

        await Step(0, "triage", new { reason = "Tillhör samverkansuppdraget." });
        await Workflow.ReferAsync(reports[0].Id, "Försäkringskassan");
        source.Clock.Advance(TimeSpan.FromMinutes(1));
        await Workflow.ReferAsync(reports[0].Id, "Arbetsförmedlingen");
        source.Clock.Advance(TimeSpan.FromMinutes(1));
        await Workflow.AnswerAsync(Workflow.ResponderFk, reports[0].Id);
        source.Clock.Advance(TimeSpan.FromMinutes(1));
        await Workflow.AnswerAsync(Workflow.ResponderAf, reports[0].Id);
        await Step(0, "closure", new { resolution = "answered", reason = "Båda har svarat.", messageToReporter = "Tack, parterna har svarat." });
        await Step(0, "publication", new { summary = "Rutinen för överlämning är förtydligad.", reason = "Lärdom för alla." });

        await Step(1, "triage", new { reason = "Bedömd." });
        await Step(1, "information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" });
        Assert.Equal(HttpStatusCode.OK, (await Workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{reports[1].Token}/messages", new { text = "Enheten i centrum." })).StatusCode);

        await Step(2, "closure", new { resolution = "duplicate", duplicateOfReportId = reports[5].Id, reason = "Samma händelse." });
        await Step(3, "closure", new { resolution = "forwarded", forwardToAssociationCode = DemoSeed.NeighbourCode, reason = "Gäller grannförbundet." });
        await Step(6, "triage", new { reason = "Bedömd." });
        await Workflow.ReferAsync(reports[6].Id, "Försäkringskassan");
        Assert.Equal(HttpStatusCode.Created, (await Workflow.Triager.PostAsJsonAsync($"/api/v1/reports/{reports[7].Id}/notes", new { text = "Intern anteckning inför mötet." })).StatusCode);
        await Step(8, "closure", new { resolution = "not-actionable", reason = "Inget att göra." });
        await Step(8, "reopening", new { reason = "Nya uppgifter." });

        // A pattern (three reports of one category and party kinds) and a follow-up of it.
        var today = DateOnly.FromDateTime(source.Clock.GetUtcNow().UtcDateTime);
        for (var days = 0; days < 3; days++)
        {
            var body = ReportBodies.FromFixture(ReferenceData, 13);
            body["eventDate"] = today.AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            body["suggestedCategory"] = "knowledge";
            body["involvedPartyIds"] = new JsonArray(
                JsonValue.Create(ReferenceData.PartyId(ReportBodies.Association, "Region Jönköpings län")),
                JsonValue.Create(ReferenceData.PartyId(ReportBodies.Association, "Arbetsförmedlingen")));
            source.Clock.Advance(TimeSpan.FromMinutes(1));
            await Workflow.FileAsync(body);
        }

        var ownerGroupId = await source.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = 'Beredningsgruppen Höglandet'");
        var created = await Workflow.Triager.PostAsJsonAsync("/api/v1/follow-ups",
            new { associationCode = ReportBodies.Association, title = "Kunskap om uppdragen", ownerGroupId, dueOn = "2027-02-01", patternKey = PatternKey });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var followUpId = (Guid)(await created.ReadJsonAsync())["id"]!;
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/follow-ups/{followUpId}") { Content = JsonContent.Create(new { status = "in-progress" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await Workflow.Triager.SendAsync(patch)).StatusCode);

        // An idempotent submission: its stored answer is protected with the key ring.
        source.Clock.Advance(TimeSpan.FromMinutes(1));
        var idempotentBody = ReportBodies.FromFixture(ReferenceData, 10, ReportBodies.Contact("idempotens@kommun.example"));
        var first = await Workflow.Reporter.PostReportAsync(idempotentBody, IdempotencyKey);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        Assert.True(await source.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages") > 0);
        await DrainOutboxAsync(source);
        Assert.True(await source.ScalarAsync<int>("SELECT COUNT(*) FROM reporter_contact_access") > 0);
        Assert.True(await source.ScalarAsync<int>("SELECT COUNT(*) FROM pattern_detections") > 0);
        return new World(reports, followUpId, idempotentBody, await first.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Sends what is due, so that neither the source's dispatcher nor the copy's (at its start) changes the
    /// outbox or the contact access log (sending to a reporter opens the contact) between the reads.
    /// </summary>
    private static async Task DrainOutboxAsync(LexHellerApiFactory source)
    {
        var dispatcher = source.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await dispatcher.RunOnceAsync(CancellationToken.None);
            if (await source.ScalarAsync<int>(
                    "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL AND cancelled_at IS NULL AND (next_attempt_at <= @Now OR lease_until IS NOT NULL)",
                    new { Now = source.Clock.GetUtcNow() }) == 0)
                return;
            await Task.Delay(50);
        }

        Assert.Fail("The source's outbox does not settle.");
    }

    private async Task<(int ExitCode, string Output, string Error)> CopyAsync(LexHellerApiFactory source, string target)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CopyCommand.RunAsync(
            ["--from", $"Data Source={source.DatabasePath}", "--to-provider", TargetProvider == DatabaseProvider.Sqlite ? "sqlite" : "sqlserver", "--to", target],
            source.Services, output, error, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The service on the copy, with the copied key ring (beside the file on SQLite, in the database on SQL Server), at the source's time.</summary>
    private LexHellerApiFactory StartOnCopy(LexHellerApiFactory source, string target)
    {
        var settings = new Dictionary<string, string?> { ["Demo:Seed"] = "false" };
        if (TargetProvider == DatabaseProvider.Sqlite)
            settings["DataProtection:KeysDirectory"] = KeyRingCopy.DirectoryBeside(target);
        var copy = new LexHellerApiFactory(TargetProvider, target, settings);
        copy.Clock.SetUtcNow(source.Clock.GetUtcNow());
        return copy;
    }

    private static Task<IReadOnlyList<string>> SequencesAsync(LexHellerApiFactory factory) =>
        factory.QueryAsync<string>("SELECT reference FROM reports ORDER BY reference");

    /// <summary>Every table, row by row, in one text form per value whatever the engine's types.</summary>
    private async Task AssertSameRowsAsync(LexHellerApiFactory source, string target)
    {
        var tables = await source.QueryAsync<string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND lower(name) <> 'schemaversions' ORDER BY name");
        Assert.Contains("reports", tables);
        var options = new DatabaseOptions { Provider = TargetProvider, ConnectionString = target };
        IDbConnectionFactory copy = TargetProvider == DatabaseProvider.Sqlite ? new SqliteConnectionFactory(options) : new SqlServerConnectionFactory(options);
        foreach (var table in tables.Where(table => table != CopySchema.KeyRingTable))
            Assert.Equal(await RowsAsync(source.Services.GetRequiredService<IDbConnectionFactory>(), table), await RowsAsync(copy, table));
    }

    private static async Task<IReadOnlyList<string>> RowsAsync(IDbConnectionFactory factory, string table)
    {
        await using var connection = await factory.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync($"SELECT * FROM {table}");
        return [.. rows.Cast<IDictionary<string, object?>>()
            .Select(row => string.Join(" | ", row.OrderBy(cell => cell.Key, StringComparer.Ordinal).Select(cell => $"{cell.Key}={Text(cell.Value)}")))
            .Order(StringComparer.Ordinal)];
    }

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        Guid guid => guid.ToString("D"),
        DateTimeOffset instant => DapperTypeHandlers.FormatInstant(instant),
        DateTime date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? "1" : "0",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    /// <summary>
    /// Every read surface as the roles that use it: status, ETag and body. The contact's access log is
    /// read first, since reading a report as the triager appends to it.
    /// </summary>
    private static async Task<IReadOnlyList<string>> ReadEverythingAsync(LexHellerApiFactory factory, World world)
    {
        HttpClient As(string role, string email) => factory.CreateClient().WithBearer(TestTokens.For(role, email));
        var triager = As("triager", DemoSeed.TriagerEmail);
        var analyst = As("analyst", DemoSeed.AnalystEmail);
        var admin = As("admin", DemoSeed.AdminEmail);
        var reporter = As("reporter", DemoSeed.ReporterEmail);
        var responders = new[] { As("responder", DemoSeed.ResponderFkEmail), As("responder", DemoSeed.ResponderAfEmail) };
        var anonymous = factory.CreateClient();
        var reads = new List<string>();

        async Task<string> Read(HttpClient client, string url)
        {
            using var response = await client.GetAsync(url);
            var role = client == anonymous ? "anonymous" : client == triager ? "triager" : client == analyst ? "analyst" : client == admin ? "admin"
                : client == reporter ? "reporter" : client == responders[0] ? "responder.fk" : "responder.af";
            // A problem's traceId is the request's own.
            var body = Regex.Replace(await response.Content.ReadAsStringAsync(), "\"traceId\":\"[^\"]*\"", "\"traceId\":\"…\"");
            reads.Add($"GET {url} as {role} → {(int)response.StatusCode} {response.Headers.ETag}\n{body}");
            return response.IsSuccessStatusCode ? body : "{}";
        }

        var reportIds = await factory.QueryAsync<Guid>("SELECT id FROM reports ORDER BY reference, association_id");
        foreach (var id in reportIds)
            await Read(triager, $"/api/v1/reports/{id}/reporter-contact/access-log");

        await Read(anonymous, "/api/v1/reference-data");
        await Read(triager, "/api/v1/queues");
        foreach (var queue in await factory.QueryAsync<Guid>("SELECT id FROM queues ORDER BY name"))
        {
            string? cursor = null;
            do
            {
                var url = $"/api/v1/queues/{queue}/reports?limit=3{(cursor is null ? "" : $"&cursor={cursor}")}";
                cursor = (string?)JsonNode.Parse(await Read(triager, url))!["nextCursor"];
            }
            while (cursor is not null);
        }

        foreach (var id in reportIds)
        {
            await Read(triager, $"/api/v1/reports/{id}/history");
            await Read(triager, $"/api/v1/reports/{id}/similar");
        }

        foreach (var responder in responders)
        {
            foreach (var status in new[] { "", "?status=open", "?status=answered" })
                await Read(responder, $"/api/v1/referrals{status}");
        }

        foreach (var referral in await factory.QueryAsync<Guid>("SELECT id FROM referrals ORDER BY created_at, due_on"))
        {
            foreach (var responder in responders)
                await Read(responder, $"/api/v1/referrals/{referral}");
        }

        foreach (var association in new[] { DemoSeed.HoglandetCode, DemoSeed.NeighbourCode })
        {
            foreach (var statistics in new[] { "categories", "party-pairs", "lead-times", "areas" })
                await Read(analyst, $"/api/v1/statistics/{statistics}?associationCode={association}");
            foreach (var format in new[] { "csv", "json" })
            {
                await Read(analyst, $"/api/v1/exports/reports?associationCode={association}&from=2020-01-01&to=2026-12-31&format={format}");
                await Read(analyst, $"/api/v1/exports/statistics?table=categories&associationCode={association}&from=2020-01-01&to=2026-12-31&format={format}");
            }

            await Read(analyst, $"/api/v1/patterns?associationCode={association}");
            await Read(triager, $"/api/v1/follow-ups?associationCode={association}");
            foreach (var path in new[] { "steering-groups", "queues", "routing-rules", "api-clients" })
                await Read(admin, $"/api/v1/admin/associations/{association}/{path}");
        }

        await Read(triager, $"/api/v1/follow-ups/{world.FollowUpId}");
        foreach (var filed in world.Reports)
            await Read(anonymous, $"/api/v1/receipts/{filed.Token}");

        // Last: reading a report as the triager opens its contact, which is logged.
        foreach (var id in reportIds)
        {
            await Read(triager, $"/api/v1/reports/{id}");
            await Read(reporter, $"/api/v1/reports/{id}");
            await Read(responders[0], $"/api/v1/reports/{id}");
        }

        return reads;
    }
}
