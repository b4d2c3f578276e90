using System.Text;

namespace LexHeller.Api.Tests.Admin;

public sealed class AdminValidationTests(AdminValidationTests.Api api) : IClassFixture<AdminValidationTests.Api>
{
    public sealed class Api : IAsyncLifetime
    {
        public LexHellerApiFactory Factory { get; } = new();
        public HttpClient Admin { get; private set; } = null!;
        public IReadOnlyDictionary<string, string> Ids { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Admin = Factory.Admin();
            Ids = new Dictionary<string, string>
            {
                ["{group}"] = (await Factory.SteeringGroupIdAsync("LSG Nässjö")).ToString(),
                ["{queue}"] = (await Factory.QueueIdAsync("LSG Nässjö")).ToString(),
                ["{neighbourQueue}"] = (await Factory.QueueIdAsync("Beredningsgruppen Jönköping")).ToString(),
                ["{party}"] = (await Factory.PartyIdAsync("hoglandet", "Försäkringskassan")).ToString(),
                ["{unknown}"] = Guid.NewGuid().ToString(),
            };
        }

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }

    private const string Groups = "POST /api/v1/admin/associations/hoglandet/steering-groups";
    private const string Group = "PATCH /api/v1/admin/steering-groups/{group}";
    private const string Queues = "POST /api/v1/admin/steering-groups/{group}/queues";
    private const string Rules = "POST /api/v1/admin/associations/hoglandet/routing-rules";
    private const string Rule = "{'description': 'Regel', 'queueId': '{queue}', ";

    /// <summary>Request line, body (JSON written with single quotes) and the field the 400 must name.</summary>
    public static TheoryData<string, string, string> InvalidRequests() => new()
    {
        { Groups, "{}", "name" },
        { Groups, "{'name': '   '}", "name" },
        { Groups, $"{{'name': '{new string('x', 201)}'}}", "name" },
        { Groups, "{'name': 'Rad ett\\nrad två'}", "name" },
        { Groups, "{'name': 'Ny grupp', 'nextMeetingOn': '2026-11-23'}", "nextMeetingOn" },
        { Groups, "{'name': 'Ny grupp', 'nextMeetingOn': '2028-11-25'}", "nextMeetingOn" },
        { Groups, "{'name': 'Ny grupp', 'nextMeetingOn': 'den 10 december'}", "nextMeetingOn" },
        { Group, "{'name': ''}", "name" },
        { Group, "{'nextMeetingOn': '2020-01-01'}", "nextMeetingOn" },
        { "PUT /api/v1/admin/steering-groups/{group}/members/not-an-e-mail", "", "email" },
        { "DELETE /api/v1/admin/steering-groups/{group}/members/not-an-e-mail", "", "email" },
        { "PUT /api/v1/admin/parties/{party}/contacts/not-an-e-mail", "", "email" },
        { Queues, "{'name': ''}", "name" },
        { Rules, "{'description': 'Regel utan mål', 'areaCode': 'nassjo'}", "queueId" },
        { Rules, Rule + "'forwardToAssociationCode': 'jonkoping', 'areaCode': 'aneby'}", "queueId" },
        { Rules, "{'description': 'Grannens kö', 'queueId': '{neighbourQueue}', 'areaCode': 'nassjo'}", "queueId" },
        { Rules, "{'description': 'Okänd kö', 'queueId': '{unknown}', 'areaCode': 'nassjo'}", "queueId" },
        { Rules, "{'description': 'Trasig kö', 'queueId': 'kön', 'areaCode': 'nassjo'}", "queueId" },
        { Rules, Rule + "'areaCode': 'atlantis'}", "areaCode" },
        { Rules, Rule + "'areaCode': 'habo'}", "areaCode" },
        { Rules, Rule + "'areaCode': 'Nässjö'}", "areaCode" },
        { Rules, Rule + "'areaCode': ''}", "areaCode" },
        { Rules, Rule + "'category': 'bad-luck'}", "category" },
        { Rules, Rule + "'category': 'Conflicting_Rules'}", "category" },
        { Rules, Rule + "'partyKind': 'försäkringskassan'}", "partyKind" },
        { Rules, Rule + "'partyKind': 2}", "partyKind" },
        { Rules, "{'description': 'Till oss själva', 'forwardToAssociationCode': 'hoglandet', 'areaCode': 'aneby'}", "forwardToAssociationCode" },
        { Rules, "{'description': 'Till ingen', 'forwardToAssociationCode': 'atlantis', 'areaCode': 'aneby'}", "forwardToAssociationCode" },
        { Rules, "{'description': 'Allt till grannen', 'forwardToAssociationCode': 'jonkoping'}", "forwardToAssociationCode" },
        { Rules, Rule + "'areaCode': 'aneby', 'priority': -1}", "priority" },
        { Rules, Rule + "'areaCode': 'aneby', 'priority': 10000}", "priority" },
        { Rules, "{'description': '', 'queueId': '{queue}', 'areaCode': 'aneby'}", "description" },
        { Rules, $"{{'description': '{new string('x', 501)}', 'queueId': '{{queue}}', 'areaCode': 'aneby'}}", "description" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Each_invalid_field_is_a_400_that_names_it_and_nothing_changes(string request, string body, string field)
    {
        var (method, path) = (request.Split(' ')[0], Resolve(request.Split(' ')[1]));
        var message = new HttpRequestMessage(new HttpMethod(method), path);
        if (body.Length > 0)
            message.Content = new StringContent(Resolve(body).Replace('\'', '"'), Encoding.UTF8, "application/json");
        var before = await api.Factory.AdministrationRowsAsync();

        var response = await api.Admin.SendAsync(message);

        await Problems.AssertInvalidFieldAsync(response, field);
        Assert.Equal(before, await api.Factory.AdministrationRowsAsync());
    }

    [Fact]
    public async Task Every_failing_field_of_a_rule_is_listed_in_one_answer()
    {
        var response = await api.Admin.PostAsJsonAsync("/api/v1/admin/associations/hoglandet/routing-rules",
            new JsonObject { ["areaCode"] = "atlantis", ["category"] = "bad-luck", ["priority"] = -5, ["description"] = "" });

        var problem = await Problems.AssertInvalidFieldAsync(response, "queueId");
        Assert.Equal(["areaCode", "category", "description", "priority", "queueId"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    private string Resolve(string text) => api.Ids.Aggregate(text, (resolved, id) => resolved.Replace(id.Key, id.Value, StringComparison.Ordinal));
}
