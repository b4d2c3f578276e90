using System.Globalization;

namespace LexHeller.Api.Tests.Admin;

/// <summary>An association's own failure categories: created, relabelled and retired by its administrators, offered on its form only.</summary>
public sealed class CategoryAdministrationTests : IAsyncLifetime
{
    private const string Categories = "/api/v1/admin/associations/hoglandet/categories";
    private const string LexSarahNotice = "Ett Lex Sarah- eller Lex Maria-ärende anmäler du i din egen organisations avvikelsesystem, inte här.";

    private readonly LexHellerApiFactory _factory = new();
    private HttpClient _admin = null!;

    public ValueTask InitializeAsync()
    {
        _admin = _factory.Admin();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task An_own_category_is_created_relabelled_retired_and_reinstated_with_its_label_history_and_audit_events()
    {
        var created = await CreateAsync("hoglandet", "housing", "Bostad", notice: "Gäller det bostad? Beskriv vilka boendeinsatser som saknades.");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/admin/associations/hoglandet/categories/housing", created.Headers.Location?.OriginalString);

        _factory.Clock.Advance(TimeSpan.FromDays(30));
        var relabelled = await (await _admin.PatchAsJsonAsync($"{Categories}/housing", new JsonObject { ["label"] = "Bostad och boendestöd" })).ReadJsonAsync();
        Assert.Equal("Bostad och boendestöd", (string)relabelled["label"]!);
        Assert.Equal("Gäller det bostad? Beskriv vilka boendeinsatser som saknades.", (string)relabelled["notice"]!);

        var retired = await (await _admin.PatchAsJsonAsync($"{Categories}/housing", new JsonObject { ["isActive"] = false })).ReadJsonAsync();
        Assert.False((bool)retired["isActive"]!);
        Assert.DoesNotContain(await OfferedAsync("hoglandet"), code => code == "housing");

        await _admin.PatchAsJsonAsync($"{Categories}/housing", new JsonObject { ["isActive"] = true });
        var listed = (await ListAsync("hoglandet")).Single(c => (string)c!["code"]! == "housing")!;
        Assert.True((bool)listed["isActive"]!);
        Assert.False((bool)listed["national"]!);
        var history = listed["labelHistory"]!.AsArray();
        Assert.Equal(["Bostad", "Bostad och boendestöd"], history.Select(period => (string)period!["label"]!));
        Assert.Equal(DateTimeOffset.Parse((string)history[0]!["to"]!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)history[1]!["from"]!, CultureInfo.InvariantCulture));
        Assert.Null(history[1]!["to"]);
        Assert.Contains(await OfferedAsync("hoglandet"), code => code == "housing");
        Assert.Equal(4, await _factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'category' AND entity_id = 'housing' AND action IN ('category.created', 'category.updated')"));
    }

    [Fact]
    public async Task A_code_taken_by_the_national_taxonomy_or_another_association_is_a_conflict()
    {
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("jonkoping", "housing", "Bostad")).StatusCode);

        var national = await Problems.AssertProblemAsync(await CreateAsync("hoglandet", "catch-22", "Moment 22 igen"), HttpStatusCode.Conflict);
        Assert.Contains("unique in the installation", (string)national["detail"]!);
        await Problems.AssertProblemAsync(await CreateAsync("hoglandet", "housing", "Bostad"), HttpStatusCode.Conflict);
        Assert.Equal(1, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM categories WHERE code = 'housing'"));
    }

    [Fact]
    public async Task Another_associations_category_is_neither_offered_changed_nor_accepted_in_reports_or_rules()
    {
        await CreateAsync("jonkoping", "housing", "Bostad");

        Assert.DoesNotContain(await OfferedAsync("hoglandet"), code => code == "housing");
        Assert.Contains(await OfferedAsync("jonkoping"), code => code == "housing");
        Assert.DoesNotContain(await ListAsync("hoglandet"), c => (string)c!["code"]! == "housing");
        await Problems.AssertProblemAsync(await _admin.PatchAsJsonAsync($"{Categories}/housing", new JsonObject { ["label"] = "Kapad" }), HttpStatusCode.NotFound);

        var body = ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient()), 0);
        body["suggestedCategory"] = "housing";
        await Problems.AssertInvalidFieldAsync(await _factory.ActingReporterClient().PostReportAsync(body), "suggestedCategory");
        var queue = await _factory.QueueIdAsync("Beredningsgruppen Höglandet");
        await Problems.AssertInvalidFieldAsync(await _admin.CreateRuleAsync("hoglandet",
            new JsonObject { ["category"] = "housing", ["queueId"] = queue, ["description"] = "Bostad" }), "category");
    }

    [Fact]
    public async Task A_report_in_an_own_category_is_filed_routed_by_a_rule_and_counted_under_its_current_label()
    {
        await CreateAsync("hoglandet", "housing", "Bostad");
        var queue = await _factory.QueueIdAsync("Beredningsgruppen Höglandet");
        var body = ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient()), 0);
        body["suggestedCategory"] = "housing";
        Assert.Equal(HttpStatusCode.Created, (await _admin.CreateRuleAsync("hoglandet", new JsonObject
        {
            ["areaCode"] = (string)body["areaCode"]!, ["category"] = "housing", ["queueId"] = queue, ["priority"] = 1, ["description"] = "Bostad: beredningsgruppen",
        })).StatusCode);

        var report = await _factory.FileAsReporterAsync(body);
        await _admin.PatchAsJsonAsync($"{Categories}/housing", new JsonObject { ["label"] = "Bostad och boende" });

        Assert.Equal(queue, await _factory.ScalarAsync<Guid>("SELECT queue_id FROM reports WHERE id = @Id", new { Id = report }));
        var statistics = (await _admin.GetFromJsonAsync<JsonNode>("/api/v1/statistics/categories?associationCode=hoglandet"))!;
        var row = statistics["categories"]!.AsArray().Single(c => (string)c!["code"]! == "housing")!;
        Assert.Equal("Bostad och boende", (string)row["label"]!);
        var neighbours = (await _admin.GetFromJsonAsync<JsonNode>("/api/v1/statistics/categories?associationCode=jonkoping"))!;
        Assert.DoesNotContain(neighbours["categories"]!.AsArray(), c => (string)c!["code"]! == "housing");
        Assert.Equal(HttpStatusCode.OK, (await _factory.Triager().GetAsync($"/api/v1/reports/{report}/similar")).StatusCode);
    }

    [Fact]
    public async Task A_blocking_category_refuses_the_report_with_its_notice_and_the_reference_data_says_so()
    {
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync("hoglandet", "lex-sarah", "Lex Sarah eller Lex Maria", LexSarahNotice, blocks: true)).StatusCode);

        var offered = (await HoglandetAsync())["categories"]!.AsArray().Single(c => (string)c!["code"]! == "lex-sarah")!;
        Assert.Equal(LexSarahNotice, (string)offered["notice"]!);
        Assert.True((bool)offered["blocksSubmission"]!);
        var national = (await _factory.CreateClient().GetFromJsonAsync<JsonNode>("/api/v1/reference-data"))!["categories"]!.AsArray();
        Assert.Equal(12, national.Count);

        var body = ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient()), 0);
        body["suggestedCategory"] = "lex-sarah";
        var before = await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports");
        var problem = await Problems.AssertInvalidFieldAsync(await _factory.ActingReporterClient().PostReportAsync(body), "suggestedCategory");
        Assert.Equal(LexSarahNotice, (string)problem["errors"]!["suggestedCategory"]![0]!);
        Assert.Equal(before, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports"));

        await Problems.AssertInvalidFieldAsync(await CreateAsync("hoglandet", "no-notice", "Utan notis", blocks: true), "notice");
    }

    [Fact]
    public async Task An_association_sets_its_own_notice_on_a_national_category_but_cannot_relabel_or_retire_it()
    {
        var changed = await (await _admin.PatchAsJsonAsync($"{Categories}/other", new JsonObject { ["notice"] = "Beskriv gärna vilka parter som borde ha samverkat." })).ReadJsonAsync();
        Assert.Equal("Beskriv gärna vilka parter som borde ha samverkat.", (string)changed["notice"]!);
        Assert.True((bool)changed["national"]!);

        Assert.Equal("Beskriv gärna vilka parter som borde ha samverkat.",
            (string)(await HoglandetAsync())["categories"]!.AsArray().Single(c => (string)c!["code"]! == "other")!["notice"]!);
        Assert.Null((await ListAsync("jonkoping")).Single(c => (string)c!["code"]! == "other")!["notice"]);
        await Problems.AssertInvalidFieldAsync(await _admin.PatchAsJsonAsync($"{Categories}/other", new JsonObject { ["label"] = "Annat" }), "label");
        await Problems.AssertInvalidFieldAsync(await _admin.PatchAsJsonAsync($"{Categories}/other", new JsonObject { ["isActive"] = false }), "isActive");
        Assert.Equal("Övrigt", await _factory.ScalarAsync<string>("SELECT label_sv FROM categories WHERE code = 'other'"));

        var cleared = await (await _admin.PatchAsJsonAsync($"{Categories}/other", new JsonObject { ["notice"] = null })).ReadJsonAsync();
        Assert.Null(cleared["notice"]);
    }

    private Task<HttpResponseMessage> CreateAsync(string association, string code, string label, string? notice = null, bool blocks = false) =>
        _admin.PostAsJsonAsync($"/api/v1/admin/associations/{association}/categories", new JsonObject
        {
            ["code"] = code,
            ["label"] = label,
            ["description"] = $"{label}: det som förbundet vill följa särskilt.",
            ["notice"] = notice,
            ["blocksSubmission"] = blocks,
        });

    private async Task<JsonArray> ListAsync(string association) =>
        (await _admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/associations/{association}/categories"))!["categories"]!.AsArray();

    private async Task<JsonNode> HoglandetAsync() =>
        (await _factory.CreateClient().GetFromJsonAsync<JsonNode>("/api/v1/reference-data"))!["associations"]!.AsArray()
            .Single(a => (string)a!["code"]! == "hoglandet")!;

    private async Task<List<string>> OfferedAsync(string association) =>
        [.. (await _factory.CreateClient().GetFromJsonAsync<JsonNode>("/api/v1/reference-data"))!["associations"]!.AsArray()
            .Single(a => (string)a!["code"]! == association)!["categories"]!.AsArray().Select(c => (string)c!["code"]!)];
}
