namespace LexHeller.Testing.Contracts;

/// <summary>
/// What the service relies on its storage for when a report is filed, written once and bound to
/// each engine by a one-line subclass (SQLite in the API tests, SQL Server in its own project).
/// </summary>
public abstract class ReportIntakeContract : IAsyncDisposable
{
    private LexHellerApiFactory? _factory;

    /// <summary>A factory over a new, empty database of the engine under test (or a skip).</summary>
    protected abstract ValueTask<LexHellerApiFactory> CreateFactoryAsync();

    protected async Task<(LexHellerApiFactory Factory, HttpClient Client, ReferenceDataSnapshot ReferenceData)> StartAsync()
    {
        _factory = await CreateFactoryAsync();
        var client = _factory.ActingReporterClient();
        return (_factory, client, await ReferenceDataSnapshot.LoadAsync(client));
    }

    /// <summary>Höglandet's reports: the demo seed forwards some to the neighbour, whose references are its own.</summary>
    protected const string HoglandetReports =
        "SELECT COUNT(*) FROM reports r JOIN associations a ON a.id = r.association_id WHERE a.code = 'hoglandet'";

    [Fact]
    public async Task Every_fixture_report_is_accepted_routed_and_gets_a_reference_and_a_working_receipt()
    {
        var (factory, client, referenceData) = await StartAsync();
        var seeded = await factory.ScalarAsync<int>(HoglandetReports);

        var fixtures = Fixtures.Reports();
        for (var i = 0; i < fixtures.Count; i++)
        {
            var response = await client.PostReportAsync(ReportBodies.FromFixture(referenceData, i));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var created = await response.ReadJsonAsync();
            var reference = (string)created["reference"]!;
            Assert.Equal($"LH-2026-{seeded + i + 1:D5}", reference);
            Assert.Equal($"/api/v1/reports/{created["id"]}", response.Headers.Location?.OriginalString);

            // The demo rules forward healthcare questions in Aneby to the neighbour; all else gets a queue here.
            var forwarded = (string)fixtures[i]!["area"]! == "aneby"
                && fixtures[i]!["involvedPartyKinds"]!.AsArray().Any(kind => (string)kind! == "region");
            var expectedStatus = forwarded ? "closed" : "received";
            Assert.Equal(expectedStatus, (string)created["status"]!);
            Assert.Equal(forwarded ? 0 : 1, await factory.ScalarAsync<int>(
                "SELECT COUNT(*) FROM reports WHERE id = @Id AND queue_id IS NOT NULL", new { Id = (Guid)created["id"]! }));

            var receipt = await client.GetAsync($"/api/v1/receipts/{created["receiptToken"]}");
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
            var view = await receipt.ReadJsonAsync();
            Assert.Equal(reference, (string)view["reference"]!);
            Assert.Equal(expectedStatus, (string)view["status"]!);
            Assert.Equal("received", (string)view["timeline"]![0]!["status"]!);
        }
    }

    [Fact]
    public async Task Fifty_parallel_submits_get_fifty_distinct_gapless_references()
    {
        var (factory, client, referenceData) = await StartAsync();
        var seeded = await factory.ScalarAsync<int>(HoglandetReports);
        var fixtures = Fixtures.Reports().Count;

        var responses = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => client.PostReportAsync(ReportBodies.FromFixture(referenceData, i % fixtures))));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        var sequences = new List<int>();
        foreach (var response in responses)
            sequences.Add(int.Parse(((string)(await response.ReadJsonAsync())["reference"]!)["LH-2026-".Length..]));
        Assert.Equal(Enumerable.Range(seeded + 1, 50), sequences.Order());
        Assert.Equal(seeded + 50, await factory.ScalarAsync<int>(HoglandetReports));
    }

    [Fact]
    public async Task Repeating_a_post_with_the_same_idempotency_key_stores_one_report_and_returns_the_first_answer()
    {
        var (factory, client, referenceData) = await StartAsync();
        var body = ReportBodies.FromFixture(referenceData, 3, ReportBodies.Contact());
        var before = await factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports");

        var first = await client.PostReportAsync(body, idempotencyKey: "intranet-form-7f3a");
        var again = await client.PostReportAsync(body, idempotencyKey: "intranet-form-7f3a");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).ToJsonString(), (await again.ReadJsonAsync()).ToJsonString());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(before + 1, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports"));
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_with_another_body_is_refused_with_422()
    {
        var (factory, client, referenceData) = await StartAsync();
        await client.PostReportAsync(ReportBodies.FromFixture(referenceData, 1), idempotencyKey: "k-1");
        var before = await factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports");

        var response = await client.PostReportAsync(ReportBodies.FromFixture(referenceData, 2), idempotencyKey: "k-1");

        await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports"));
    }

    [Fact]
    public async Task An_idempotency_key_expires_after_a_day_and_the_expired_answer_is_purged()
    {
        var (factory, client, referenceData) = await StartAsync();
        var body = ReportBodies.FromFixture(referenceData, 5);
        var first = await (await client.PostReportAsync(body, idempotencyKey: "daily-key")).ReadJsonAsync();

        factory.Clock.Advance(TimeSpan.FromHours(25));
        var later = await client.PostReportAsync(body, idempotencyKey: "daily-key");

        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.NotEqual((string)first["id"]!, (string)(await later.ReadJsonAsync())["id"]!);
        Assert.False(later.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM idempotency_records"));
    }

    [Fact]
    public async Task Idempotency_keys_are_scoped_to_the_caller()
    {
        var (factory, reporter, referenceData) = await StartAsync();
        var colleague = factory.ActingReporterClient("colleague@demo.lexheller.example");
        var body = ReportBodies.FromFixture(referenceData, 6);

        var mine = await (await reporter.PostReportAsync(body, idempotencyKey: "same-key")).ReadJsonAsync();
        var theirs = await colleague.PostReportAsync(body, idempotencyKey: "same-key");

        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual((string)mine["receiptToken"]!, (string)(await theirs.ReadJsonAsync())["receiptToken"]!);
        Assert.Equal(2, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM idempotency_records WHERE idempotency_key = 'same-key'"));
    }

    [Fact]
    public async Task Every_personal_number_sample_is_refused_with_422_naming_the_field_and_nothing_is_stored()
    {
        var (factory, client, referenceData) = await StartAsync();
        var before = await factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports");
        string[] fields = ["description", "consequence", "actionsTaken", "suggestedImprovement"];

        var samples = Fixtures.PersonalNumbersToReject();
        for (var i = 0; i < samples.Count; i++)
        {
            var field = fields[i % fields.Length];
            var body = ReportBodies.FromFixture(referenceData, i, ReportBodies.Contact());
            body[field] = samples[i];

            var response = await client.PostReportAsync(body, idempotencyKey: $"pnr-{i}");

            var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            Assert.Equal([field], problem["errors"]!.AsObject().Select(error => error.Key));
        }

        Assert.Equal(before, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports"));
        Assert.Equal(0, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM idempotency_records"));
        foreach (var sample in samples)
        {
            Assert.Equal(0, await factory.ScalarAsync<int>(
                "SELECT COUNT(*) FROM reports WHERE description = @Text OR consequence = @Text OR actions_taken = @Text OR suggested_improvement = @Text",
                new { Text = sample }));
        }
    }

    [Fact]
    public async Task A_personal_number_in_the_digits_of_another_script_is_refused_with_422_not_an_error_of_ours()
    {
        var (_, client, referenceData) = await StartAsync();
        var body = ReportBodies.FromFixture(referenceData, 0);
        body["consequence"] = "Personen (٨١١٢١٨-٩٨٧٦) fick vänta.";

        var problem = await Problems.AssertProblemAsync(await client.PostReportAsync(body, idempotencyKey: "pnr-arabic-indic"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["consequence"], problem["errors"]!.AsObject().Select(error => error.Key));
    }

    [Fact]
    public async Task Look_alikes_of_personal_numbers_are_accepted()
    {
        var (factory, client, referenceData) = await StartAsync();
        var texts = Fixtures.PersonalNumberLookAlikesToAccept();
        Assert.NotEmpty(texts);

        foreach (var text in texts)
        {
            var body = ReportBodies.FromFixture(referenceData, 0);
            body["description"] = text;
            using var response = await client.PostReportAsync(body);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{text}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

            // Accepted as written: the stored description is the text sent, not a masked or trimmed one.
            var id = (Guid)(await response.ReadJsonAsync())["id"]!;
            Assert.Equal(text, await factory.ScalarAsync<string>("SELECT description FROM reports WHERE id = @Id", new { Id = id }));
        }
    }

    [Fact]
    public async Task References_start_again_at_one_in_a_new_year()
    {
        var (factory, client, referenceData) = await StartAsync();
        factory.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 2, 8, 0, 0, TimeSpan.Zero));

        var first = await (await client.PostReportAsync(ReportBodies.FromFixture(referenceData, 0))).ReadJsonAsync();
        var second = await (await client.PostReportAsync(ReportBodies.FromFixture(referenceData, 1))).ReadJsonAsync();

        Assert.Equal("LH-2027-00001", (string)first["reference"]!);
        Assert.Equal("LH-2027-00002", (string)second["reference"]!);
    }

    [Fact]
    public async Task An_association_with_a_prefix_of_its_own_numbers_its_reports_with_it_from_one_while_the_demo_s_keep_LH()
    {
        var (factory, client, referenceData) = await StartAsync();
        var seeded = await factory.ScalarAsync<int>(HoglandetReports);
        var association = await PrefixedAssociation.CreateAsync(factory, "prefixat", "HL");
        var anonymous = factory.CreateClient();

        using var first = await anonymous.PostReportAsync(association.Body(), Guid.NewGuid().ToString());
        using var second = await anonymous.PostReportAsync(association.Body(), Guid.NewGuid().ToString());
        using var hoglandet = await client.PostReportAsync(ReportBodies.FromFixture(referenceData, 0));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode, hoglandet.StatusCode));
        var filed = await first.ReadJsonAsync();
        Assert.Equal("HL-2026-00001", (string)filed["reference"]!);
        Assert.Equal("HL-2026-00002", (string)(await second.ReadJsonAsync())["reference"]!);
        Assert.Equal($"LH-2026-{seeded + 1:D5}", (string)(await hoglandet.ReadJsonAsync())["reference"]!);
        Assert.Equal("HL-2026-00001", (string)(await anonymous.GetFromJsonAsync<JsonNode>($"/api/v1/receipts/{filed["receiptToken"]}"))!["reference"]!);
        Assert.Equal(1, await factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM reports WHERE id = @Id AND reference = 'HL-2026-00001' AND reference_year = 2026 AND reference_sequence = 1",
            new { Id = (Guid)filed["id"]! }));
    }

    [Fact]
    public async Task A_changed_prefix_names_the_next_reference_and_the_series_goes_on_where_it_was()
    {
        var (factory, _, _) = await StartAsync();
        var association = await PrefixedAssociation.CreateAsync(factory, "prefixat", "HL");
        var anonymous = factory.CreateClient();
        using var before = await anonymous.PostReportAsync(association.Body(), Guid.NewGuid().ToString());

        await factory.ExecuteAsync("UPDATE associations SET reference_prefix = 'SFH' WHERE id = @Id", new { association.Id });
        using var after = await anonymous.PostReportAsync(association.Body(), Guid.NewGuid().ToString());

        Assert.Equal("HL-2026-00001", (string)(await before.ReadJsonAsync())["reference"]!);
        Assert.Equal("SFH-2026-00002", (string)(await after.ReadJsonAsync())["reference"]!);
    }

    [Fact]
    public async Task The_submitted_report_is_stored_whole_with_its_contact_apart_and_its_submission_and_routing_events()
    {
        var (factory, client, referenceData) = await StartAsync();
        var body = ReportBodies.FromFixture(referenceData, 4, ReportBodies.Contact("kontakt@savsjo.example", anonymousToParties: true));

        var created = await (await client.PostReportAsync(body)).ReadJsonAsync();
        var id = (Guid)created["id"]!;

        var triager = factory.CreateClient().WithBearer(TestTokens.For("triager", DemoSeed.TriagerEmail));
        var response = await triager.GetAsync($"/api/v1/reports/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var report = await response.ReadJsonAsync();
        Assert.Equal((string)body["description"]!, (string)report["description"]!);
        Assert.Equal("savsjo", (string)report["area"]!["code"]!);
        Assert.Equal("participation", (string)report["suggestedCategory"]!["code"]!);
        Assert.Equal("kontakt@savsjo.example", (string)report["reporter"]!["email"]!);
        Assert.True((bool)report["anonymousToParties"]!);
        Assert.Equal(body["involvedPartyIds"]!.AsArray().Count, report["involvedParties"]!.AsArray().Count);

        Assert.Equal(1, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM reporter_contacts WHERE report_id = @Id", new { Id = id }));
        var events = await factory.QueryAsync<string>("SELECT event_type FROM report_events WHERE report_id = @Id ORDER BY sequence", new { Id = id });
        Assert.Equal(["submitted", "routed"], events);
        Assert.Equal("LSG Sävsjö", (string)report["queue"]!["name"]!);
    }

    [Fact]
    public async Task The_event_log_refuses_updates_and_deletes()
    {
        var (factory, _, _) = await StartAsync();

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            factory.ExecuteAsync("UPDATE report_events SET reason = 'rewritten'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            factory.ExecuteAsync("DELETE FROM report_events"));
        Assert.True(await factory.ScalarAsync<int>("SELECT COUNT(*) FROM report_events WHERE reason IS NULL") > 0);
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
