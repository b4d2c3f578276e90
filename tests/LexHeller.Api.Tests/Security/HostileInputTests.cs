using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Every write endpoint of the API, found in the endpoint data source, is fed at least
/// <see cref="MinimumCorpus"/> generated bad requests by a caller who may use it, on a real resource:
/// each must be a 4xx problem that names the field, and none may store anything. Hostile text that is
/// valid (markup, SQL) is stored exactly as it came.
/// </summary>
public sealed partial class HostileInputTests(HostileInputTests.Api api) : IClassFixture<HostileInputTests.Api>
{
    private const int MinimumCorpus = 500;
    private const string Reason = "Bedömningen är gjord i beredningsgruppen.";

    public sealed class Api : IAsyncLifetime
    {
        private int _sequence;

        public LexHellerApiFactory Factory { get; } = new();

        public Workflow Workflow { get; private set; } = null!;

        public ReferenceDataSnapshot ReferenceData { get; private set; } = null!;

        public HttpClient Admin { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Workflow = new Workflow(Factory);
            ReferenceData = await ReferenceDataSnapshot.LoadAsync(Workflow.Anonymous);
            Admin = Factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        }

        public ValueTask DisposeAsync() => Factory.DisposeAsync();

        /// <summary>A number no other arrangement in this fixture has: names must be unique.</summary>
        public int Next() => Interlocked.Increment(ref _sequence);

        public Task<Guid> FileAsync() => FileAsync(ReportBodies.FromFixture(ReferenceData, 0));

        public async Task<Guid> FileAsync(JsonObject body) => (await Workflow.FileAsync(body)).Id;

        public async Task<Guid> TriagedAsync()
        {
            var id = await FileAsync();
            await Workflow.StepAsync(id, "triage", new { reason = Reason });
            return id;
        }

        public Task<Guid> GroupIdAsync(string name) =>
            Factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = @Name", new { Name = name });

        public async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (Guid)(await response.ReadJsonAsync())["id"]!;
        }
    }

    /// <summary>A real resource for the request line, the headers a valid request needs, and a valid body.</summary>
    private sealed record Target(IReadOnlyDictionary<string, string> Route, JsonObject? Body, IReadOnlyDictionary<string, string>? Headers = null);

    /// <summary>
    /// How an endpoint is fed: who calls it, how a fresh resource and a valid body are made, which body
    /// members a valid request may leave out, and which are free text (where markup and SQL are just text);
    /// <c>Encrypted</c> free text is not stored as it came, so the round trip of hostile text leaves it out.
    /// </summary>
    private sealed record Feed(Func<Api, HttpClient> Caller, Func<Api, Task<Target>> ArrangeAsync,
        string[]? Optional = null, string[]? FreeText = null, string[]? Encrypted = null, bool TakesIdempotencyKey = false)
    {
        public IReadOnlySet<string> OptionalMembers => (Optional ?? []).ToHashSet();

        public IReadOnlyList<string> FreeTextMembers => FreeText ?? [];

        public IReadOnlyList<string> StoredAsSent => [.. FreeTextMembers.Except(Encrypted ?? [])];
    }

    private static Dictionary<string, string> Route(params (string Name, object Value)[] values) =>
        values.ToDictionary(value => value.Name, value => Uri.EscapeDataString(value.Value.ToString()!));

    private static async Task<Dictionary<string, string>> IfMatchAsync(Api api, Guid reportId) =>
        new() { ["If-Match"] = await api.Workflow.ETagAsync(reportId) };

    private static readonly Dictionary<string, Feed> Feeds = new()
    {
        ["SubmitReport"] = new(api => api.Workflow.Reporter,
            async api => new Target(Route(), ReportBodies.FromFixture(api.ReferenceData, 0, ReportBodies.Contact())),
            Optional: ["actionsTaken", "suggestedImprovement", "affectedGender", "reporter", "reporter.name", "reporter.role", "reporter.email",
                "reporter.phone", "reporter.anonymousToParties"],
            FreeText: ["description", "consequence", "actionsTaken", "suggestedImprovement", "reporter.name", "reporter.role"],
            Encrypted: ["reporter.name", "reporter.role"], TakesIdempotencyKey: true),
        ["AddReportNote"] = new(api => api.Workflow.Triager,
            async api => new Target(Route(("id", await api.FileAsync())), new JsonObject { ["text"] = "En intern anteckning." }),
            FreeText: ["text"]),
        ["TriageReport"] = new(api => api.Workflow.Triager, async api =>
            {
                var id = await api.FileAsync();
                return new Target(Route(("id", id)), new JsonObject { ["reason"] = Reason, ["category"] = "handover" }, await IfMatchAsync(api, id));
            },
            Optional: ["category", "queueId"], FreeText: ["reason"]),
        ["RequestInformation"] = new(api => api.Workflow.Triager, async api =>
            {
                var id = await api.TriagedAsync();
                return new Target(Route(("id", id)), new JsonObject { ["reason"] = Reason, ["question"] = "Vilken handläggare hade ärendet?" },
                    await IfMatchAsync(api, id));
            },
            FreeText: ["reason", "question"]),
        ["ReferReport"] = new(api => api.Workflow.Triager, async api =>
            {
                var id = await api.TriagedAsync();
                return new Target(Route(("id", id)), new JsonObject
                {
                    ["reason"] = Reason,
                    ["partyId"] = await api.Workflow.PartyIdAsync("Försäkringskassan"),
                    ["question"] = "Hur kunde detta hända?",
                    ["dueDate"] = "2026-12-15",
                }, await IfMatchAsync(api, id));
            },
            Optional: ["dueDate"], FreeText: ["reason", "question"]),
        ["CloseReport"] = new(api => api.Workflow.Triager, async api =>
            {
                // Answered, so that it may close for structural follow-up and start one (every field of the body is then in use).
                var id = await api.TriagedAsync();
                await api.Workflow.ReferAsync(id, "Försäkringskassan");
                await api.Workflow.AnswerAsync(api.Workflow.ResponderFk, id);
                var group = await api.Factory.ScalarAsync<Guid>(
                    "SELECT q.steering_group_id FROM reports r JOIN queues q ON q.id = r.queue_id WHERE r.id = @Id", new { Id = id });
                return new Target(Route(("id", id)), new JsonObject
                {
                    ["reason"] = Reason,
                    ["resolution"] = "structural-follow-up",
                    ["messageToReporter"] = "Tack, frågan följs upp i styrgruppen.",
                    ["newFollowUp"] = new JsonObject
                    {
                        ["title"] = $"Överlämning vid avslut {api.Next()}", ["ownerGroupId"] = group, ["decision"] = "Rutinen ses över.",
                    },
                }, await IfMatchAsync(api, id));
            },
            // A structural follow-up names an existing follow-up or starts one: either may be left out (not both).
            Optional: ["messageToReporter", "duplicateOfReportId", "forwardToAssociationCode", "followUpId", "newFollowUp", "newFollowUp.decision", "newFollowUp.dueOn"],
            FreeText: ["reason", "messageToReporter", "newFollowUp.title", "newFollowUp.decision"]),
        ["WithdrawQuestion"] = new(api => api.Workflow.Triager, async api =>
            {
                var id = await api.TriagedAsync();
                await api.Workflow.StepAsync(id, "information-requests", new { reason = Reason, question = "Vilket datum?" });
                return new Target(Route(("id", id)), new JsonObject { ["reason"] = Reason }, await IfMatchAsync(api, id));
            },
            FreeText: ["reason"]),
        ["WithdrawReferral"] = new(api => api.Workflow.Triager, async api =>
            {
                var id = await api.TriagedAsync();
                await api.Workflow.ReferAsync(id, "Försäkringskassan");
                var referral = await api.Factory.ScalarAsync<Guid>("SELECT id FROM referrals WHERE report_id = @Id", new { Id = id });
                return new Target(Route(("id", id), ("referralId", referral)), new JsonObject { ["reason"] = Reason }, await IfMatchAsync(api, id));
            },
            FreeText: ["reason"]),
        ["DeclineReferral"] = new(api => api.Workflow.ResponderFk, async api =>
            {
                var id = await api.TriagedAsync();
                await api.Workflow.ReferAsync(id, "Försäkringskassan");
                var referral = await api.Factory.ScalarAsync<Guid>("SELECT id FROM referrals WHERE report_id = @Id", new { Id = id });
                return new Target(Route(("id", referral)), new JsonObject
                {
                    ["reason"] = "Ärendet gällde kommunens hemtjänst.", ["suggestedResponsible"] = "Nässjö kommun",
                });
            },
            FreeText: ["reason", "suggestedResponsible"]),
        ["PostReceiptFeedback"] = new(api => api.Workflow.Anonymous, async api =>
            {
                var (id, token, _) = await api.Workflow.FileAsync(ReportBodies.FromFixture(api.ReferenceData, 0));
                await api.Workflow.StepAsync(id, "triage", new { reason = Reason });
                await api.Workflow.StepAsync(id, "closure", new { reason = Reason, resolution = "not-actionable" });
                return new Target(Route(("token", token)), new JsonObject { ["helped"] = "partly", ["comment"] = "Det blev lite bättre." });
            },
            Optional: ["comment"], FreeText: ["comment"]),
        ["DeleteReceiptContact"] = new(api => api.Workflow.Anonymous, async api =>
            {
                var (_, token, _) = await api.Workflow.FileAsync(ReportBodies.FromFixture(api.ReferenceData, 0, ReportBodies.Contact()));
                return new Target(Route(("token", token)), null);
            }),
        ["ReopenReport"] = new(api => api.Workflow.Triager, async api =>
            {
                var id = await api.TriagedAsync();
                await api.Workflow.StepAsync(id, "closure", new { reason = Reason, resolution = "not-actionable" });
                return new Target(Route(("id", id)), new JsonObject { ["reason"] = Reason }, await IfMatchAsync(api, id));
            },
            FreeText: ["reason"]),
        ["PublishReport"] = new(api => api.Workflow.Triager, async api =>
            {
                var id = await api.TriagedAsync();
                await api.Workflow.ReferAsync(id, "Försäkringskassan");
                await api.Workflow.AnswerAsync(api.Workflow.ResponderFk, id);
                return new Target(Route(("id", id)), new JsonObject { ["reason"] = Reason, ["summary"] = "En sammanfattning för allmänheten." },
                    await IfMatchAsync(api, id));
            },
            FreeText: ["reason", "summary"]),
        ["RedactReport"] = new(api => api.Workflow.Triager, async api =>
            {
                var id = await api.TriagedAsync();
                return new Target(Route(("id", id)), new JsonObject { ["reason"] = "Uppgiften pekar ut en person.", ["text"] = "vårdcentralen" },
                    await IfMatchAsync(api, id));
            },
            FreeText: ["reason"]),
        ["CreateResponseTemplate"] = new(api => api.Admin, async api => new Target(Route(("code", ReportBodies.Association)), new JsonObject
            {
                ["purpose"] = "question", ["title"] = $"Mall {api.Next()}", ["body"] = "Vilken enhet gällde det?",
            }),
            Optional: ["category"], FreeText: ["title", "body"]),
        ["DeleteResponseTemplate"] = new(api => api.Admin, async api =>
            {
                var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/response-templates",
                    new JsonObject { ["purpose"] = "closure", ["title"] = $"Mall {api.Next()}", ["body"] = "Tack." });
                return new Target(Route(("id", await api.CreatedIdAsync(response))), null);
            }),
        ["PostReceiptMessage"] = new(api => api.Workflow.Anonymous, async api =>
            {
                var (id, token, _) = await api.Workflow.FileAsync(ReportBodies.FromFixture(api.ReferenceData, 0));
                await api.Workflow.StepAsync(id, "triage", new { reason = Reason });
                await api.Workflow.StepAsync(id, "information-requests", new { reason = Reason, question = "Vilket datum?" });
                return new Target(Route(("token", token)), new JsonObject { ["text"] = "Det var den fjortonde." });
            },
            FreeText: ["text"]),
        ["AnswerReferral"] = new(api => api.Workflow.ResponderFk, async api =>
            {
                var id = await api.TriagedAsync();
                await api.Workflow.ReferAsync(id, "Försäkringskassan");
                var referrals = await api.Workflow.ResponderFk.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=open");
                var referral = referrals!["referrals"]!.AsArray().Single(r => (string)r!["reference"]! == api.Workflow.ReferenceOf(id))!;
                return new Target(Route(("id", (string)referral["id"]!)), new JsonObject
                {
                    ["cause"] = "Rutinen var inte känd.",
                    ["actions"] = "Rutinen har gåtts igenom.",
                    ["followUpPlan"] = "Uppföljning nästa möte.",
                    ["responderName"] = "Eva Enhetschef",
                    ["responderRole"] = "Enhetschef",
                });
            },
            FreeText: ["cause", "actions", "followUpPlan", "responderName", "responderRole"]),
        ["CreateFollowUp"] = new(api => api.Workflow.Triager, async api => new Target(Route(), await FollowUpBodyAsync(api)),
            Optional: ["decision", "dueOn", "patternKey"], FreeText: ["title", "decision"]),
        ["UpdateFollowUp"] = new(api => api.Workflow.Triager, async api =>
            {
                var response = await api.Workflow.Triager.PostAsJsonAsync("/api/v1/follow-ups", await FollowUpBodyAsync(api));
                var id = await api.CreatedIdAsync(response);
                return new Target(Route(("id", id)), new JsonObject { ["title"] = "Ny rubrik", ["decision"] = "Nytt beslut." },
                    new Dictionary<string, string> { ["If-Match"] = response.Headers.ETag!.Tag });
            },
            Optional: ["title", "decision", "status", "outcome", "dueOn", "ownerGroupId", "addReportIds"], FreeText: ["title", "decision", "outcome"]),
        ["CreateSteeringGroup"] = new(api => api.Admin, async api =>
                new Target(Route(("code", ReportBodies.Association)), new JsonObject { ["name"] = $"Grupp {api.Next()}", ["nextMeetingOn"] = "2027-01-20" }),
            Optional: ["nextMeetingOn"], FreeText: ["name"]),
        ["ReplaceSteeringGroupMeetings"] = new(api => api.Admin, async api =>
                new Target(Route(("id", await NewGroupAsync(api))), new JsonObject { ["meetings"] = new JsonArray("2027-01-20", "2027-02-17"), ["cutOffDays"] = 10 }),
            Optional: ["cutOffDays"]),
        ["CreateCategory"] = new(api => api.Admin, async api => new Target(Route(("code", ReportBodies.Association)), new JsonObject
            {
                ["code"] = $"egen-kategori-{api.Next()}",
                ["label"] = "Bostad",
                ["description"] = "Brister kring boende och boendestöd.",
                ["notice"] = "Beskriv vilka boendeinsatser som saknades.",
                ["blocksSubmission"] = false,
            }),
            Optional: ["notice", "blocksSubmission"], FreeText: ["label", "description", "notice"]),
        ["UpdateCategory"] = new(api => api.Admin, async api =>
            {
                var code = $"att-andra-{api.Next()}";
                var created = await api.Admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/categories",
                    new JsonObject { ["code"] = code, ["label"] = "Att ändra", ["description"] = "En kategori att ändra." });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                return new Target(Route(("code", ReportBodies.Association), ("categoryCode", code)),
                    new JsonObject { ["label"] = "Ändrad", ["description"] = "Ändrad beskrivning.", ["notice"] = "Ett meddelande." });
            },
            Optional: ["label", "description", "notice", "blocksSubmission", "isActive"], FreeText: ["label", "description", "notice"]),
        ["UpdateSteeringGroup"] = new(api => api.Admin, async api =>
                new Target(Route(("id", await NewGroupAsync(api))), new JsonObject { ["name"] = $"Grupp {api.Next()}", ["nextMeetingOn"] = "2027-02-03" }),
            Optional: ["name", "nextMeetingOn"], FreeText: ["name"]),
        ["AddSteeringGroupMember"] = new(api => api.Admin, async api =>
            new Target(Route(("id", await NewGroupAsync(api)), ("email", "ny.ledamot@example.se")), null)),
        ["RemoveSteeringGroupMember"] = new(api => api.Admin, async api =>
            {
                var group = await NewGroupAsync(api);
                await api.Admin.PutAsync($"/api/v1/admin/steering-groups/{group}/members/ledamot@example.se", null);
                return new Target(Route(("id", group), ("email", "ledamot@example.se")), null);
            }),
        ["CreateQueue"] = new(api => api.Admin, async api =>
                new Target(Route(("id", await api.GroupIdAsync("LSG Nässjö"))), new JsonObject { ["name"] = $"Kö {api.Next()}" }),
            FreeText: ["name"]),
        ["CreateRoutingRule"] = new(api => api.Admin, async api => new Target(Route(("code", ReportBodies.Association)), new JsonObject
            {
                ["description"] = "Försäkringskassans ärenden till LSG Nässjö.",
                ["partyKind"] = "social-insurance",
                ["queueId"] = await api.Factory.ScalarAsync<Guid>("SELECT id FROM queues WHERE name = 'LSG Nässjö'"),
                ["priority"] = 1000 + api.Next(),
            }),
            Optional: ["areaCode", "partyKind", "category", "forwardToAssociationCode", "priority"], FreeText: ["description"]),
        ["DeleteRoutingRule"] = new(api => api.Admin, async api =>
            {
                var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/routing-rules", new JsonObject
                {
                    ["description"] = "Regel att ta bort.",
                    ["partyKind"] = "region",
                    ["queueId"] = await api.Factory.ScalarAsync<Guid>("SELECT id FROM queues WHERE name = 'LSG Nässjö'"),
                    ["priority"] = 5000 + api.Next(),
                });
                return new Target(Route(("id", await api.CreatedIdAsync(response))), null);
            }),
        ["CreateApiClient"] = new(api => api.Admin, async api => new Target(Route(("code", ReportBodies.Association)), new JsonObject
            {
                ["name"] = $"Verksamhetssystem {api.Next()}",
                ["partyId"] = await api.Workflow.PartyIdAsync("Nässjö kommun"),
            }),
            FreeText: ["name"]),
        ["RevokeApiClient"] = new(api => api.Admin, async api =>
            {
                var response = await api.Admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/api-clients", new JsonObject
                {
                    ["name"] = $"Nyckel att återkalla {api.Next()}",
                    ["partyId"] = await api.Workflow.PartyIdAsync("Nässjö kommun"),
                });
                return new Target(Route(("id", await api.CreatedIdAsync(response))), null);
            }),
        ["AddPartyContact"] = new(api => api.Admin, async api =>
            new Target(Route(("id", await api.Workflow.PartyIdAsync("Arbetsförmedlingen")), ("email", "ny.kontakt@example.se")), null)),
        ["RemovePartyContact"] = new(api => api.Admin, async api =>
            new Target(Route(("id", await api.Workflow.PartyIdAsync("Försäkringskassan")), ("email", DemoSeed.ResponderFkEmail)), null)),
        ["RetryNotification"] = new(api => api.Admin, async api =>
            new Target(Route(("id", await api.Factory.EnqueueDeadAsync(ReportBodies.Association))), null)),
        ["CreateAssociation"] = new(api => api.Admin, async api =>
            {
                await InstallationAdministratorAsync(api);
                return new Target(Route(), new JsonObject
                {
                    ["code"] = $"nytt-{api.Next()}", ["name"] = "Nytt förbund", ["referencePrefix"] = "NY", ["allowsAnonymousIntake"] = true,
                    ["accessibilityStatement"] = "Webbplatsen uppfyller WCAG 2.1 AA.", ["personalDataNotice"] = "Så behandlar vi personuppgifter.",
                });
            },
            Optional: ["allowsAnonymousIntake", "accessibilityStatement", "personalDataNotice"], FreeText: ["name", "accessibilityStatement", "personalDataNotice"]),
        ["UpdateAssociation"] = new(api => api.Admin, async api => new Target(Route(("code", await NewAssociationAsync(api))), new JsonObject
            {
                ["name"] = "Omdöpt förbund", ["referencePrefix"] = "OMD", ["answerDeadlineDays"] = 30,
                ["accessibilityStatement"] = "Redogörelse.", ["personalDataNotice"] = "Så behandlar vi personuppgifter.",
            }),
            Optional: ["name", "referencePrefix", "answerDeadlineDays", "accessibilityStatement", "personalDataNotice"],
            FreeText: ["name", "accessibilityStatement", "personalDataNotice"]),
        ["CreateArea"] = new(api => api.Admin, async api =>
                new Target(Route(("code", ReportBodies.Association)), new JsonObject { ["code"] = $"omrade-{api.Next()}", ["name"] = "Nytt område" }),
            FreeText: ["name"]),
        ["UpdateArea"] = new(api => api.Admin, async api =>
            {
                var code = $"omrade-{api.Next()}";
                await api.CreatedIdAsync(await api.Admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/areas",
                    new JsonObject { ["code"] = code, ["name"] = "Område" }));
                return new Target(Route(("code", ReportBodies.Association), ("areaCode", code)), new JsonObject { ["name"] = "Omdöpt område" });
            },
            FreeText: ["name"]),
        ["CreateParty"] = new(api => api.Admin, async api => new Target(Route(("code", ReportBodies.Association)),
                new JsonObject { ["kind"] = "other", ["name"] = $"Part {api.Next()}", ["unit"] = "Enheten" }),
            Optional: ["unit"], FreeText: ["name", "unit"]),
        ["UpdateParty"] = new(api => api.Admin, async api =>
            {
                var id = await api.CreatedIdAsync(await api.Admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/parties",
                    new JsonObject { ["kind"] = "other", ["name"] = $"Part {api.Next()}" }));
                return new Target(Route(("id", id)), new JsonObject { ["kind"] = "region", ["name"] = $"Omdöpt part {api.Next()}", ["unit"] = "Enheten" });
            },
            Optional: ["kind", "name", "unit"], FreeText: ["name", "unit"]),
        ["SetMember"] = new(api => api.Admin, async api => new Target(Route(("code", ReportBodies.Association), ("email", $"medlem.{api.Next()}@example.se")),
            new JsonObject { ["roles"] = new JsonArray("analyst"), ["partyIds"] = new JsonArray() }),
            Optional: ["partyIds"]),
        ["RemoveMember"] = new(api => api.Admin, async api =>
            {
                var email = $"medlem.{api.Next()}@example.se";
                using var put = await api.Admin.PutAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/members/{email}",
                    new JsonObject { ["roles"] = new JsonArray("analyst"), ["partyIds"] = new JsonArray() });
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
                return new Target(Route(("code", ReportBodies.Association), ("email", email)), null);
            }),
        // The body is a file (CSV or XLSX), not JSON: the corpus is the route's; the import's own tests feed it files.
        ["ImportRegister"] = new(api => api.Admin, api => Task.FromResult(new Target(Route(("code", ReportBodies.Association)), null))),
    };

    private static async Task<JsonObject> FollowUpBodyAsync(Api api) => new()
    {
        ["associationCode"] = ReportBodies.Association,
        ["title"] = $"Överlämningar {api.Next()}",
        ["ownerGroupId"] = await api.GroupIdAsync("Beredningsgruppen Höglandet"),
        ["decision"] = "Tas upp på nästa möte.",
        ["dueOn"] = "2027-03-31",
        ["reportIds"] = new JsonArray(JsonValue.Create(await api.FileAsync())),
    };

    /// <summary>The demo administrator made an installation administrator too (as `admin grant --installation` does).</summary>
    private static Task InstallationAdministratorAsync(Api api) => api.Factory.ExecuteAsync("""
        INSERT INTO installation_administrators (user_key, granted_at, granted_by)
        SELECT @Email, '2026-11-24T09:00:00.0000000Z', 'test'
        WHERE NOT EXISTS (SELECT 1 FROM installation_administrators WHERE user_key = @Email)
        """, new { Email = DemoSeed.AdminEmail });

    /// <summary>A new association the demo administrator administers, so that changing it leaves the demo's as it is.</summary>
    private static async Task<string> NewAssociationAsync(Api api)
    {
        await InstallationAdministratorAsync(api);
        var code = $"andras-{api.Next()}";
        using var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/associations", new JsonObject
        {
            ["code"] = code, ["name"] = "Förbundet att ändra", ["referencePrefix"] = "AND", ["administrators"] = new JsonArray(DemoSeed.AdminEmail),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return code;
    }

    private static async Task<Guid> NewGroupAsync(Api api) => await api.CreatedIdAsync(await api.Admin.PostAsJsonAsync(
        $"/api/v1/admin/associations/{ReportBodies.Association}/steering-groups", new JsonObject { ["name"] = $"Grupp {api.Next()}" }));

    public static TheoryData<string> FedEndpoints() => [.. Feeds.Keys.Order(StringComparer.Ordinal)];

    public static TheoryData<string> EndpointsWithFreeText() =>
        [.. Feeds.Where(feed => feed.Value.StoredAsSent.Count > 0).Select(feed => feed.Key).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_write_endpoint_of_the_api_is_fed_by_the_corpus()
    {
        var writeEndpoints = WriteEndpoints().Select(endpoint => Name(endpoint)).ToList();

        Assert.True(writeEndpoints.Count >= 19, $"Only {writeEndpoints.Count} write endpoints were found: is the endpoint data source read right?");
        Assert.True(writeEndpoints.All(Feeds.ContainsKey),
            $"Write endpoints without a feed in {nameof(HostileInputTests)}: {string.Join(", ", writeEndpoints.Where(name => !Feeds.ContainsKey(name)))}. "
            + "Add a row: who may call it, a real resource for its route and a valid body.");
        Assert.True(Feeds.Keys.All(writeEndpoints.Contains),
            $"Feeds for endpoints that are gone: {string.Join(", ", Feeds.Keys.Where(name => !writeEndpoints.Contains(name)))}.");
    }

    [Theory]
    [MemberData(nameof(FedEndpoints))]
    public async Task Every_bad_request_to_a_write_endpoint_is_refused_with_a_problem_and_stores_nothing(string endpointName)
    {
        var endpoint = WriteEndpoints().Single(candidate => Name(candidate) == endpointName);
        var feed = Feeds[endpointName];
        var target = await feed.ArrangeAsync(api);
        var corpus = await CorpusAsync(endpoint, target, feed);
        var rowsBefore = await RowCountsAsync();
        var watch = Stopwatch.StartNew();

        var failures = new List<string>();
        foreach (var request in corpus)
        {
            using var response = await SendAsync(feed.Caller(api), endpoint, target, request);
            if (await RefusalProblemAsync(request, response) is { } failure)
                failures.Add($"{endpointName} | {request} | {failure}");
        }

        var rowsAfter = await RowCountsAsync();
        var changed = rowsBefore.Where(table => rowsAfter[table.Key] != table.Value)
            .Select(table => $"{table.Key}: {table.Value} → {rowsAfter[table.Key]}").ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{endpointName}: {corpus.Count} bad requests in {watch.Elapsed.TotalSeconds:F1} s; "
            + string.Join(", ", corpus.GroupBy(request => request.Category).Select(group => $"{group.Key} {group.Count()}")));

        Assert.True(corpus.Count >= MinimumCorpus, $"{endpointName} was fed only {corpus.Count} bad requests.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {corpus.Count} bad requests were not refused as they should be:\n{string.Join('\n', failures)}");
        Assert.True(changed.Count == 0, $"Bad requests to {endpointName} stored rows: {string.Join("; ", changed)}");
    }

    [Theory]
    [MemberData(nameof(EndpointsWithFreeText))]
    public async Task Hostile_text_in_a_valid_request_is_accepted_and_stored_exactly_as_it_came(string endpointName)
    {
        var endpoint = WriteEndpoints().Single(candidate => Name(candidate) == endpointName);
        var feed = Feeds[endpointName];
        var failures = new List<string>();
        for (var i = 0; i < HostileInput.HostileTexts.Count; i++)
        {
            // Numbered, as names must be unique and another test may have stored the same text.
            var text = $"{HostileInput.HostileTexts[i]} {api.Next()}";
            var member = feed.StoredAsSent[i % feed.StoredAsSent.Count];
            var target = await feed.ArrangeAsync(api);
            var request = new HostileRequest("hostile text", $"{member}: {text}", HostileInput.With(target.Body!, member, text));

            using var response = await SendAsync(feed.Caller(api), endpoint, target, request);
            if (!response.IsSuccessStatusCode)
                failures.Add($"{endpointName} | {request} | {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            else if (await StoredCountAsync(text) == 0)
                failures.Add($"{endpointName} | {request} | accepted, but no column holds the text as it was sent");
        }

        Assert.True(failures.Count == 0, $"Hostile but valid text was not stored as it came:\n{string.Join('\n', failures)}");
    }

    private async Task<IReadOnlyList<HostileRequest>> CorpusAsync(RouteEndpoint endpoint, Target target, Feed feed)
    {
        var input = new HostileInput(seed: StableHash(Name(endpoint)));
        var corpus = new List<HostileRequest>();
        var bodyType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (bodyType is not null)
        {
            Assert.NotNull(target.Body);
            var fields = await RequestFields.OfAsync(bodyType, api.Factory.Services);
            corpus.AddRange(input.InvalidBodies(target.Body, fields, feed.OptionalMembers, feed.FreeTextMembers.ToHashSet()));
        }

        if (target.Headers?.ContainsKey("If-Match") == true)
        {
            corpus.AddRange(HostileInput.InvalidHeaders(target.Body, "If-Match",
                [("stale", "\"0\""), ("not a number", "\"abc\""), ("negative", "\"-1\""), ("huge", "\"99999999999999999999\""), ("unquoted text", "abc"),
                 ("any", "*"), ("two tags", "\"1\", \"2\""), ("weak, not a number", "W/\"x\""), ("empty", ""), ("1000 characters", new string('9', 1000))],
                field: null));
        }

        if (feed.TakesIdempotencyKey)
        {
            corpus.AddRange(HostileInput.InvalidHeaders(target.Body, "Idempotency-Key",
                [("101 characters", new string('k', 101)), ("a space", "nyckel med mellanslag"), ("not ASCII", "nyckel-åäö-1234567890"),
                 ("a megabyte", new string('k', HostileInput.MegabyteCharacters))],
                field: "Idempotency-Key"));
        }

        var parameters = endpoint.RoutePattern.Parameters;
        var perParameter = (MinimumCorpus / 5) / Math.Max(1, parameters.Count);
        foreach (var parameter in parameters)
        {
            var kind = parameter.ParameterPolicies.Any(policy => policy.Content == "guid") ? RouteValueKind.Guid
                : parameter.Name == "email" ? RouteValueKind.Email : RouteValueKind.Lookup;
            corpus.AddRange(input.InvalidRouteValues(parameter.Name, kind, null, bodyType is null ? MinimumCorpus / parameters.Count + 1 : perParameter));
        }

        if (bodyType is not null && corpus.Count < MinimumCorpus + 100)
            corpus.AddRange(input.MalformedAtRandom(target.Body!, MinimumCorpus + 100 - corpus.Count));
        return corpus;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, RouteEndpoint endpoint, Target target, HostileRequest request)
    {
        var routeValues = new Dictionary<string, string>(target.Route);
        foreach (var (name, value) in request.Route ?? new Dictionary<string, string>())
            routeValues[name] = value;
        var path = string.Concat(endpoint.RoutePattern.PathSegments.Select(segment => "/" + string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => routeValues[parameter.Name],
            _ => throw new NotSupportedException(part.ToString()),
        }))));

        var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single();
        using var message = new HttpRequestMessage(new HttpMethod(method), path);
        var body = request.Route is null ? request.Body : target.Body is null ? null : HostileInput.Encode(target.Body);
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            var contentType = request.Route is null ? request.ContentType : HostileInput.Json;
            if (contentType is not null)
                message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        foreach (var (name, value) in target.Headers ?? new Dictionary<string, string>())
            message.Headers.TryAddWithoutValidation(name, value);
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(message);
    }

    /// <summary>Null when the answer is the refusal the request deserves; otherwise what is wrong with it.</summary>
    private static async Task<string?> RefusalProblemAsync(HostileRequest request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var content = await response.Content.ReadAsStringAsync();
        var excerpt = content.Length > 300 ? content[..300] + "…" : content;
        if (status is < 400 or >= 500)
            return $"{status}: {excerpt}";
        if (request.MayBeTooLarge && status is not (400 or 413 or 422))
            return $"{status} for a body too large to take: expected 400, 413 or 422: {excerpt}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"{status} as {response.Content.Headers.ContentType?.ToString() ?? "no content type"}: {excerpt}";

        JsonNode? problem;
        try
        {
            problem = JsonNode.Parse(content);
        }
        catch (JsonException)
        {
            return $"{status} with a body that is not JSON: {excerpt}";
        }

        if (string.IsNullOrWhiteSpace((string?)problem?["title"]) || (int?)problem?["status"] != status)
            return $"{status} without a title or with another status in the body: {excerpt}";
        if (status == 400 && request.Field is { } field && !NamesField(problem!["errors"] as JsonObject, field))
            return $"400 that does not name '{field}': {excerpt}";
        return null;
    }

    private static bool NamesField(JsonObject? errors, string field) =>
        errors is not null && errors.Any(error => error.Key.Equals(field, StringComparison.OrdinalIgnoreCase)
            || error.Key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase)
            || error.Key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase));

    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in await TablesAsync())
            counts[table] = await api.Factory.ScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"");
        return counts;
    }

    /// <summary>How many text columns, in any table, hold exactly <paramref name="text"/>.</summary>
    private async Task<long> StoredCountAsync(string text)
    {
        long found = 0;
        foreach (var table in await TablesAsync())
        {
            var columns = await api.Factory.QueryAsync<string>(
                "SELECT name FROM pragma_table_info(@Table) WHERE type LIKE '%TEXT%' OR type LIKE '%CHAR%' OR type = ''", new { Table = table });
            if (columns.Count > 0)
            {
                found += await api.Factory.ScalarAsync<long>(
                    $"SELECT COUNT(*) FROM \"{table}\" WHERE {string.Join(" OR ", columns.Select(column => $"\"{column}\" = @Text"))}", new { Text = text });
            }
        }

        return found;
    }

    private Task<IReadOnlyList<string>> TablesAsync() =>
        api.Factory.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");

    private IEnumerable<RouteEndpoint> WriteEndpoints() =>
        api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<PageActionDescriptor>() is null)
            .Where(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods
                .Any(method => method is "POST" or "PUT" or "PATCH" or "DELETE") == true);

    private static string Name(Microsoft.AspNetCore.Http.Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.DisplayName ?? "an endpoint without a name";

    /// <summary>The same seed for the same endpoint on every run (string.GetHashCode differs per process).</summary>
    private static int StableHash(string text) => text.Aggregate(17, (hash, ch) => unchecked((hash * 31) + ch));
}
