namespace LexHeller.Api.Tests.Reports;

public sealed class SubmitReportValidationTests(SubmitReportValidationTests.Api api) : IClassFixture<SubmitReportValidationTests.Api>
{
    public sealed class Api : IAsyncLifetime
    {
        public LexHellerApiFactory Factory { get; } = new();
        public HttpClient Client { get; private set; } = null!;
        public ReferenceDataSnapshot ReferenceData { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Client = Factory.ActingReporterClient();
            ReferenceData = await ReferenceDataSnapshot.LoadAsync(Client);
        }

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }

    public static TheoryData<string, string> InvalidFields() => new()
    {
        { "associationCode", "remove" },
        { "associationCode", "unknown-code" },
        { "areaCode", "unknown-code" },
        { "areaCode", "remove" },
        { "eventDate", "future" },
        { "eventDate", "not-a-date" },
        { "eventDate", "remove" },
        { "kind", "unknown-enum" },
        { "kind", "remove" },
        { "kind", "number" },
        { "reporterPartyId", "other-association-party" },
        { "reporterPartyId", "not-a-guid" },
        { "involvedPartyIds", "empty" },
        { "involvedPartyIds", "duplicate" },
        { "involvedPartyIds", "too-many" },
        { "involvedPartyIds[0]", "unknown-guid" },
        { "suggestedCategory", "unknown-code" },
        { "description", "remove" },
        { "description", "blank" },
        { "description", "too-long" },
        { "consequence", "remove" },
        { "actionsTaken", "control-characters" },
        { "suggestedImprovement", "too-long" },
        { "affectedGender", "unknown-enum" },
        { "reporter.email", "not-an-email" },
        { "reporter.phone", "letters" },
        { "reporter", "no-way-to-reach" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Each_invalid_field_is_a_400_that_names_it(string field, string mutation)
    {
        var body = ReportBodies.FromFixture(api.ReferenceData, 0, ReportBodies.Contact());
        Mutate(body, field, mutation);
        var before = await api.Factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports");

        var response = await api.Client.PostReportAsync(body);

        await Problems.AssertInvalidFieldAsync(response, field);
        Assert.Equal(before, await api.Factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports"));
    }

    [Fact]
    public async Task Every_failing_field_is_listed_in_one_answer()
    {
        var body = ReportBodies.FromFixture(api.ReferenceData, 0);
        body["areaCode"] = "atlantis";
        body["suggestedCategory"] = "bad-luck";
        body["description"] = "";

        var problem = await Problems.AssertProblemAsync(await api.Client.PostReportAsync(body), HttpStatusCode.BadRequest);

        Assert.Equal(["areaCode", "description", "suggestedCategory"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Theory]
    [InlineData("{\"associationCode\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{\"involvedPartyIds\": [null]}")]
    [InlineData("{\"reporter\": \"Anna\"}")]
    [InlineData("{\"eventDate\": 20261014}")]
    [InlineData("{\"description\": {\"a\": {\"b\": {\"c\": {\"d\": {\"e\": {\"f\": {\"g\": {\"h\": {\"i\": {\"j\": {\"k\": {\"l\": {\"m\": {\"n\": {\"o\": {\"p\": {\"q\": {\"r\": {\"s\": {\"t\": {\"u\": {\"v\": {\"w\": {\"x\": {\"y\": {\"z\": {\"A\": {\"B\": {\"C\": {\"D\": {\"E\": {\"F\": {\"G\": 1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}")]
    public async Task A_malformed_body_is_a_400_problem(string json)
    {
        var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var response = await api.Client.PostAsync("/api/v1/reports", content);

        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        var response = await api.Client.PostAsync("/api/v1/reports", new StringContent("description=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        await Problems.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_idempotency_key_with_spaces_is_a_400_naming_the_header()
    {
        var response = await api.Client.PostReportAsync(ReportBodies.FromFixture(api.ReferenceData, 0), idempotencyKey: "two words");

        await Problems.AssertInvalidFieldAsync(response, "Idempotency-Key");
    }

    [Fact]
    public async Task Text_fields_are_stored_trimmed()
    {
        var body = ReportBodies.FromFixture(api.ReferenceData, 2);
        body["description"] = "   Beskrivning med mellanslag runt.  \n";
        body["areaCode"] = " vetlanda ";

        var created = await (await api.Client.PostReportAsync(body)).ReadJsonAsync();

        Assert.Equal("Beskrivning med mellanslag runt.", await api.Factory.ScalarAsync<string>(
            "SELECT description FROM reports WHERE id = @Id", new { Id = (Guid)created["id"]! }));
    }

    private void Mutate(JsonObject body, string field, string mutation)
    {
        var (target, name) = field.StartsWith("reporter.", StringComparison.Ordinal)
            ? (body["reporter"]!.AsObject(), field["reporter.".Length..])
            : (body, field.Split('[')[0]);

        switch (mutation)
        {
            case "remove": target.Remove(name); break;
            case "unknown-code": target[name] = "does-not-exist"; break;
            case "future": target[name] = DateOnly.FromDateTime(api.Factory.Clock.GetUtcNow().UtcDateTime).AddDays(3).ToString("yyyy-MM-dd"); break;
            case "not-a-date": target[name] = "2026-02-30"; break;
            case "unknown-enum": target[name] = "maybe"; break;
            case "number": target[name] = 1; break;
            case "other-association-party": target[name] = api.ReferenceData.PartyId(DemoSeed.NeighbourCode, "Jönköping kommun"); break;
            case "not-a-guid": target[name] = "nassjo-kommun"; break;
            case "empty": target[name] = new JsonArray(); break;
            case "duplicate":
                var id = (Guid)target[name]![0]!;
                target[name] = new JsonArray(id, id);
                break;
            case "too-many":
                target[name] = new JsonArray([.. Enumerable.Range(0, 11).Select(_ => (JsonNode)JsonValue.Create(Guid.NewGuid()))]);
                break;
            case "unknown-guid": target[name] = new JsonArray(Guid.NewGuid()); break;
            case "blank": target[name] = "   "; break;
            case "too-long": target[name] = new string('x', 4001); break;
            case "control-characters": target[name] = "Ringde\u0000vårdcentralen\u001b"; break;
            case "not-an-email": target[name] = "anna.at.nassjo"; break;
            case "letters": target[name] = "ring mig"; break;
            case "no-way-to-reach":
                target[name]!.AsObject().Remove("email");
                target[name]!.AsObject().Remove("phone");
                break;
            default: throw new ArgumentOutOfRangeException(nameof(mutation), mutation, null);
        }
    }
}
