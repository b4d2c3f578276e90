using System.Globalization;
using LexHeller.Api.Infrastructure.Mail;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// Several instances of the service against one database, each a real process: they migrate once between them
/// (under the migration lock), both serve, keep references gapless under submissions spread over both, and send each
/// notification once although both outbox dispatchers run. A deployment that migrates in a step of its own
/// (<c>Database:MigrateOnStart=false</c>) never serves an old schema.
/// </summary>
public abstract class TwoInstancesContract : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lexheller-instances-");

    /// <summary>A new database of the engine under test, not yet created or migrated: the settings that name it and the options to read it (or a skip).</summary>
    protected abstract (IReadOnlyDictionary<string, string> Environment, DatabaseOptions Database) NewDatabase(string directory);

    /// <summary>A running SMTP server that both instances send to (or a skip).</summary>
    protected abstract Task<MailSink> StartMailSinkAsync();

    private const int Submissions = 60;
    private const int Referrals = 10;

    [Fact]
    public async Task Two_migrate_commands_started_at_once_both_succeed_and_the_journal_records_each_migration_once()
    {
        var (environment, database) = NewDatabase(_directory.FullName);

        var runs = await ServiceInstances.MigrateAtOnceAsync(2, _directory.FullName, environment);

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        var journal = await ServiceInstances.JournalAsync(database);
        Assert.Equal(journal.Distinct().Count(), journal.Count);
        Assert.Equal(ServiceInstances.MigrationCount(database.Provider), journal.Count);
        // One of them applied everything; the other waited for the lock and found nothing pending.
        Assert.Single(runs, run => run.Output.Contains("No migration pending", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_migrate_on_start_off_the_service_refuses_to_start_while_migrations_are_pending_naming_them_and_serves_once_migrated()
    {
        var (environment, database) = NewDatabase(_directory.FullName);
        var settings = new Dictionary<string, string>(environment) { ["Database__MigrateOnStart"] = "false" };

        var (exitCode, output) = await ApiProcess.RunAsync(["--urls", $"http://127.0.0.1:{ApiProcess.FreePort()}"],
            Path.Combine(_directory.FullName, "lexheller.db"), settings);

        Assert.True(exitCode != 0, output);
        Assert.Contains("Database:MigrateOnStart is false", output, StringComparison.Ordinal);
        Assert.Contains("0001_initial.sql", output, StringComparison.Ordinal);
        Assert.Contains("migrate", output, StringComparison.Ordinal);

        var migrated = await ApiProcess.RunAsync(["migrate"], Path.Combine(_directory.FullName, "lexheller.db"), environment);
        Assert.True(migrated.ExitCode == 0, migrated.Output);
        await using var instance = ServiceInstances.StartAll(1, _directory.FullName, settings);
        await instance.WaitUntilAllReadyAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ServiceInstances.MigrationCount(database.Provider), (await ServiceInstances.JournalAsync(database)).Count);
    }

    [Fact]
    public async Task Two_instances_started_at_once_migrate_once_both_serve_keep_references_gapless_and_send_every_notification_once()
    {
        var (environment, database) = NewDatabase(_directory.FullName);
        await using var sink = await StartMailSinkAsync();
        var settings = new Dictionary<string, string>(environment)
        {
            // Both seed: the seed runs under the migration lock, so the second finds it done.
            ["Demo__Seed"] = "true",
            ["Notifications__Smtp__Host"] = "127.0.0.1",
            ["Notifications__Smtp__Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Notifications__Smtp__UseStartTls"] = "false",
        };
        foreach (var (name, value) in ServiceInstances.SharedSettings())
            settings[name] = value;

        // Both start at once on a database with every migration pending.
        await using var instances = ServiceInstances.StartAll(2, _directory.FullName, settings);
        await instances.WaitUntilAllReadyAsync(TimeSpan.FromSeconds(90));

        // The migrations ran once: each in the journal once, applied by one instance while the other waited.
        var journal = await ServiceInstances.JournalAsync(database);
        Assert.Equal(ServiceInstances.MigrationCount(database.Provider), journal.Count);
        Assert.Equal(journal.Count, journal.Distinct().Count());
        Assert.Single(Enumerable.Range(0, 2), index => instances.Lines(index).Any(line => line.Contains("Applied migration", StringComparison.Ordinal)));
        Assert.Single(Enumerable.Range(0, 2), index => instances.Lines(index).Any(line => line.Contains("No migration pending", StringComparison.Ordinal)));

        // Both serve.
        var referenceData = await ReferenceDataSnapshot.LoadAsync(instances.Client(0));
        Assert.Equal(HttpStatusCode.OK, (await instances.Client(1).GetAsync("api/v1/reference-data")).StatusCode);

        // Submissions spread over both instances, all at once: every reference distinct, and the association's
        // references for the year exactly 1..N.
        var body = ReportBodies.ForNassjoKommun(referenceData);
        var responses = await Task.WhenAll(Enumerable.Range(0, Submissions).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/reports") { Content = JsonContent.Create(body) };
            request.Headers.Add("X-Api-Key", DemoSeed.DemoApiKey);
            return instances.Client(i).SendAsync(request);
        }));
        foreach (var response in responses)
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var created = new List<JsonNode>();
        foreach (var response in responses)
            created.Add(await response.ReadJsonAsync());
        Assert.Equal(Submissions, created.Select(report => (string)report["reference"]!).Distinct().Count());

        var year = int.Parse(((string)created[0]["reference"]!).Split('-')[1], CultureInfo.InvariantCulture);
        var sequences = await ServiceInstances.QueryAsync<int>(database, """
            SELECT r.reference_sequence FROM reports r JOIN associations a ON a.id = r.association_id
            WHERE a.code = @Code AND r.reference_year = @Year
            ORDER BY r.reference_sequence
            """, new { Code = ReportBodies.Association, Year = year });
        Assert.Equal(Enumerable.Range(1, sequences.Count), sequences);
        Assert.True(sequences.Count >= Submissions);

        // Referrals made on both instances: each queues mail to the party's contact persons, and both dispatchers
        // compete to send it.
        var triager = TestTokens.For("triager", DemoSeed.TriagerEmail);
        var forsakringskassan = referenceData.PartyId(ReportBodies.Association, "Försäkringskassan");
        for (var i = 0; i < Referrals; i++)
        {
            var id = (Guid)created[i]["id"]!;
            await StepAsync(instances.Client(i), triager, id, "triage", new { reason = "Bedömd." });
            await StepAsync(instances.Client(i + 1), triager, id, "referrals",
                new { partyId = forsakringskassan, question = "Hur kunde detta hända?", reason = "Försäkringskassan är ansvarig part." });
        }

        // Every message is sent, once: the outbox ends with each row sent, and the server got each Message-ID once,
        // for each of its recipients once.
        const string Unsent = "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL AND cancelled_at IS NULL AND dead_at IS NULL";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await ServiceInstances.QueryAsync<int>(database, Unsent)).Single() > 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
                Assert.Fail($"Outbox messages still unsent after {waited.Elapsed}:\n{instances.Output()}");
            await Task.Delay(250);
        }

        var outbox = await ServiceInstances.QueryAsync<(Guid Id, string Kind, DateTimeOffset? SentAt)>(database,
            "SELECT id, kind, sent_at FROM outbox_messages");
        Assert.All(outbox, row => Assert.NotNull(row.SentAt));
        Assert.True(outbox.Count(row => row.Kind == "referral") >= Referrals, $"{outbox.Count(row => row.Kind == "referral")} referral messages");

        var received = sink.Received();
        Assert.Equal(outbox.Select(row => $"<{OutboxDispatcher.MessageIdFor(row.Id)}>").Order(), received.Select(message => message.MessageId).Order());
        var deliveries = received.SelectMany(message => message.Recipients.Select(recipient => (message.MessageId, recipient))).ToList();
        Assert.Equal(deliveries.Count, deliveries.Distinct().Count());
    }

    private static async Task StepAsync(HttpClient client, string token, Guid reportId, string step, object body)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"api/v1/reports/{reportId}");
        get.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var report = await client.SendAsync(get);
        Assert.True(report.StatusCode == HttpStatusCode.OK, $"GET report: {(int)report.StatusCode} {await report.Content.ReadAsStringAsync()}");

        using var post = new HttpRequestMessage(HttpMethod.Post, $"api/v1/reports/{reportId}/{step}") { Content = JsonContent.Create(body) };
        post.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        post.Headers.TryAddWithoutValidation("If-Match", report.Headers.ETag!.Tag);
        using var response = await client.SendAsync(post);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp directory's cleanup.
        }
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
