namespace LexHeller.Api.Tests.Security;

/// <summary>How far a report has come through the workflow: what a state change needs it to be in.</summary>
public enum Stage
{
    Received,
    InTriage,
    NeedsInfo,
    Referred,
    Answered,
    Closed,
}

/// <summary>A report made for the matrix: its id, the referral to Försäkringskassan (once referred) and the receipt token.</summary>
public sealed record MatrixReport(Guid Id, Guid? ReferralId, string ReceiptToken);

/// <summary>
/// The world the authorization matrix acts on, made once per test class: the demo seed, the two
/// triagers it lacks, a report in each stage of the workflow (owned by the demo triager's groups and
/// referred to Försäkringskassan), and administration rows to change. A cell expected to succeed
/// asks for a fresh resource, so that one caller's success never turns another's call into a conflict.
/// </summary>
public sealed class MatrixWorld : IAsyncLifetime
{
    public const string StandingMember = "kvar@matrix.lexheller.example";

    private readonly Dictionary<Stage, MatrixReport> _shared = [];
    private int _unique = 1000;

    public LexHellerApiFactory Factory { get; } = new();

    public Workflow Workflow { get; private set; } = null!;

    public ReferenceDataSnapshot ReferenceData { get; private set; } = null!;

    public HttpClient AdminClient { get; private set; } = null!;

    /// <summary>The queue the matrix's reports are routed to (a queue of the demo triager's groups).</summary>
    public Guid OwningQueueId { get; private set; }

    public Guid BeredningGroupId { get; private set; }

    public Guid OtherGroupId { get; private set; }

    public Guid PartyId { get; private set; }

    public Guid StandingRuleId { get; private set; }

    /// <summary>An API key of the party's that callers who may not revoke it try to (never the demo key, which a column uses).</summary>
    public Guid StandingApiClientId { get; private set; }

    public Guid FollowUpId { get; private set; }

    private Guid? _standingDeadNotification;

    public async ValueTask InitializeAsync()
    {
        Workflow = new Workflow(Factory);
        ReferenceData = await ReferenceDataSnapshot.LoadAsync(Workflow.Anonymous);
        AdminClient = SecurityCallers.Admin.Api(Factory);
        await SecurityCallers.AddMissingTriagersAsync(Factory);

        BeredningGroupId = await GroupIdAsync("Beredningsgruppen Höglandet");
        OtherGroupId = await GroupIdAsync(SecurityCallers.OtherGroupName);
        PartyId = ReferenceData.PartyId(DemoSeed.HoglandetCode, "Vetlanda kommun");
        await SendOkAsync(HttpMethod.Put, $"/api/v1/admin/steering-groups/{OtherGroupId}/members/{StandingMember}");
        await SendOkAsync(HttpMethod.Put, $"/api/v1/admin/parties/{PartyId}/contacts/{StandingMember}");
        FollowUpId = await Factory.ScalarAsync<Guid>("SELECT id FROM follow_ups WHERE title = @Title", new { Title = DemoSeed.DemoFollowUpTitle });

        foreach (var stage in Enum.GetValues<Stage>())
            _shared[stage] = await NewReportAsync(stage);
        var received = await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{_shared[Stage.Received].Id}");
        OwningQueueId = (Guid)received!["queue"]!["id"]!;
        StandingRuleId = await NewRoutingRuleAsync();
        StandingApiClientId = await NewApiClientAsync();
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>The shared report in <paramref name="stage"/>, or a new one when <paramref name="fresh"/>.</summary>
    public async Task<MatrixReport> ReportAsync(Stage stage, bool fresh) => fresh ? await NewReportAsync(stage) : _shared[stage];

    public string Unique(string prefix) => $"{prefix} {Interlocked.Increment(ref _unique)}";

    public string UniqueEmail() => $"matris.{Interlocked.Increment(ref _unique)}@matrix.lexheller.example";

    /// <summary>A member of the other group to remove: a new one when fresh, else one that stays because only a refused caller tries.</summary>
    public async Task<string> MemberToRemoveAsync(bool fresh, string what)
    {
        if (!fresh)
            return StandingMember;
        var email = UniqueEmail();
        await SendOkAsync(HttpMethod.Put, what == "party"
            ? $"/api/v1/admin/parties/{PartyId}/contacts/{email}"
            : $"/api/v1/admin/steering-groups/{OtherGroupId}/members/{email}");
        return email;
    }

    public async Task<Guid> RoutingRuleToDeleteAsync(bool fresh) => fresh ? await NewRoutingRuleAsync() : StandingRuleId;

    /// <summary>A routing rule body that conflicts with no other: its priority is new.</summary>
    public object RoutingRuleBody() => new
    {
        description = Unique("Matrisregel"),
        areaCode = "vetlanda",
        category = "handover",
        queueId = OwningQueueId,
        priority = Interlocked.Increment(ref _unique),
    };

    public async Task<string> ETagOfFollowUpAsync(Guid id)
    {
        using var response = await Workflow.Triager.GetAsync($"/api/v1/follow-ups/{id}");
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.Tag;
    }

    public async Task<Guid> ApiClientToRevokeAsync(bool fresh) => fresh ? await NewApiClientAsync() : StandingApiClientId;

    /// <summary>A dead notification of Höglandet: a new one when fresh (a retry revives it), else one that stays dead because only refused callers try.</summary>
    public async Task<Guid> DeadNotificationAsync(bool fresh) =>
        fresh ? await Factory.EnqueueDeadAsync(DemoSeed.HoglandetCode) : _standingDeadNotification ??= await Factory.EnqueueDeadAsync(DemoSeed.HoglandetCode);

    public object ApiClientBody() => new { name = Unique("Matrisens nyckel"), partyId = PartyId };

    private async Task<Guid> NewApiClientAsync()
    {
        using var response = await AdminClient.PostAsJsonAsync($"/api/v1/admin/associations/{DemoSeed.HoglandetCode}/api-clients", ApiClientBody());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (Guid)(await response.ReadJsonAsync())["id"]!;
    }

    private async Task<Guid> NewRoutingRuleAsync()
    {
        using var response = await AdminClient.PostAsJsonAsync($"/api/v1/admin/associations/{DemoSeed.HoglandetCode}/routing-rules", RoutingRuleBody());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (Guid)(await response.ReadJsonAsync())["id"]!;
    }

    private async Task<MatrixReport> NewReportAsync(Stage stage)
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 0));
        if (stage == Stage.Received)
            return new MatrixReport(id, null, token);

        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd för matrisen." });
        switch (stage)
        {
            case Stage.NeedsInfo:
                await Workflow.StepAsync(id, "information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" });
                break;
            case Stage.Closed:
                await Workflow.StepAsync(id, "closure", new { resolution = "resolved-locally", reason = "Löst direkt." });
                break;
            case Stage.Referred or Stage.Answered:
                await Workflow.ReferAsync(id, "Försäkringskassan");
                var report = await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}");
                var referralId = (Guid)report!["referrals"]![0]!["id"]!;
                if (stage == Stage.Answered)
                    await Workflow.AnswerAsync(Workflow.ResponderFk, id);
                return new MatrixReport(id, referralId, token);
        }

        return new MatrixReport(id, null, token);
    }

    private Task<Guid> GroupIdAsync(string name) =>
        Factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = @Name", new { Name = name });

    private async Task SendOkAsync(HttpMethod method, string path)
    {
        using var response = await AdminClient.SendAsync(new HttpRequestMessage(method, path));
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
