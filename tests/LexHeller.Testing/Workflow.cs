namespace LexHeller.Testing;

/// <summary>The workflow as its users drive it over HTTP: a reporter files, a triager acts with If-Match, responders answer.</summary>
public sealed class Workflow(LexHellerApiFactory factory)
{
    private readonly Dictionary<Guid, string> _references = [];

    /// <summary>The demo reporter, made to act for the party of each report it files (<see cref="ActingReporterHandler"/>).</summary>
    public HttpClient Reporter { get; } = factory.ActingReporterClient();
    public HttpClient Triager { get; } = factory.CreateClient().WithBearer(TestTokens.For("triager", DemoSeed.TriagerEmail));
    public HttpClient ResponderFk { get; } = factory.CreateClient().WithBearer(TestTokens.For("responder", DemoSeed.ResponderFkEmail));
    public HttpClient ResponderAf { get; } = factory.CreateClient().WithBearer(TestTokens.For("responder", DemoSeed.ResponderAfEmail));
    public HttpClient Anonymous { get; } = factory.CreateClient();

    /// <summary>Files a report; returns its id and receipt token.</summary>
    public async Task<(Guid Id, string ReceiptToken, string Reference)> FileAsync(JsonNode body)
    {
        var response = await Reporter.PostReportAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        _references[(Guid)created["id"]!] = (string)created["reference"]!;
        return ((Guid)created["id"]!, (string)created["receiptToken"]!, (string)created["reference"]!);
    }

    public async Task<string> ETagAsync(Guid reportId)
    {
        var response = await Triager.GetAsync($"/api/v1/reports/{reportId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.Tag;
    }

    /// <summary>POSTs a workflow step with the current ETag (or the one given) and returns the response.</summary>
    public async Task<HttpResponseMessage> ActAsync(Guid reportId, string step, object body, string? ifMatch = null, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/reports/{reportId}/{step}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch ?? await ETagAsync(reportId));
        return await (client ?? Triager).SendAsync(request);
    }

    /// <summary>A step that must succeed; returns the new state.</summary>
    public async Task<JsonNode> StepAsync(Guid reportId, string step, object body)
    {
        var response = await ActAsync(reportId, step, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var state = await response.ReadJsonAsync();
        Assert.Equal($"\"{state["version"]}\"", response.Headers.ETag?.Tag);
        return state;
    }

    public async Task<Guid> ReferAsync(Guid reportId, string partyName, string question = "Hur kunde detta hända, och vad görs för att det inte ska upprepas?")
    {
        var partyId = await PartyIdAsync(partyName);
        await StepAsync(reportId, "referrals", new { partyId, question, reason = $"{partyName} är ansvarig part." });
        return partyId;
    }

    public async Task<Guid> PartyIdAsync(string partyName, string association = ReportBodies.Association) =>
        (await ReferenceDataSnapshot.LoadAsync(Anonymous)).PartyId(association, partyName);

    public async Task<JsonNode> AnswerAsync(HttpClient responder, Guid reportId)
    {
        var referrals = await responder.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=open");
        var referral = referrals!["referrals"]!.AsArray().Single(r => (string)r!["reference"]! == ReferenceOf(reportId))!;
        var response = await responder.PostAsJsonAsync($"/api/v1/referrals/{referral["id"]}/answer", new
        {
            cause = "Rutinen för överlämning var inte känd hos alla handläggare.",
            actions = "Rutinen har gåtts igenom på arbetsplatsträff.",
            followUpPlan = "Uppföljning på nästa samverkansmöte.",
            responderName = "Eva Enhetschef",
            responderRole = "Enhetschef",
        });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public async Task<JsonNode> ReceiptAsync(string token) =>
        (await Anonymous.GetFromJsonAsync<JsonNode>($"/api/v1/receipts/{token}"))!;

    public string ReferenceOf(Guid reportId) => _references[reportId];
}
