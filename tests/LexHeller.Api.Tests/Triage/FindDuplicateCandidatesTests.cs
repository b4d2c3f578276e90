using LexHeller.Api.Tests.Admin;

namespace LexHeller.Api.Tests.Triage;

/// <summary>
/// The duplicate picker's search (GET /api/v1/reports/{id}/duplicate-candidates?q=): the association's other reports by
/// reference or by words, only among the reports the caller may triage (a duplicate's survivor must be one).
/// </summary>
public sealed class FindDuplicateCandidatesTests : WorkflowTests
{
    private async Task<(Guid Id, string Reference)> FileAsync(string description, int fixture = 3)
    {
        var body = ReportBodies.FromFixture(ReferenceData, fixture);
        body["description"] = description;
        var (id, _, reference) = await Workflow.FileAsync(body);
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        return (id, reference);
    }

    private async Task<JsonArray> SearchAsync(Guid id, string text, HttpClient? client = null)
    {
        var response = await (client ?? Workflow.Triager).GetAsync($"/api/v1/reports/{id}/duplicate-candidates?q={Uri.EscapeDataString(text)}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["candidates"]!.AsArray();
    }

    private static IEnumerable<Guid> Ids(JsonArray candidates) => candidates.Select(candidate => (Guid)candidate!["id"]!);

    [Fact]
    public async Task The_search_finds_reports_by_reference_and_by_every_word_newest_first_but_never_the_report_itself()
    {
        var (target, targetReference) = await FileAsync("Vid Kvarnbäcken glömdes överlämningen till Försäkringskassan bort helt.");
        var (both, bothReference) = await FileAsync("Handläggaren vid Kvarnbäcken missade överlämningen till nästa myndighet.");
        var (one, _) = await FileAsync("Mötet vid Kvarnbäcken ställdes in utan att någon fick veta det.");

        Assert.Equal([one, both], Ids(await SearchAsync(target, "kvarnbäcken")));
        Assert.Equal([both], Ids(await SearchAsync(target, "Kvarnbäcken missade överlämningen")));
        var byReference = (await SearchAsync(target, bothReference.ToLowerInvariant())).Single()!;
        Assert.Equal(both, (Guid)byReference["id"]!);
        Assert.Equal(bothReference, (string)byReference["reference"]!);
        Assert.Equal("received", (string)byReference["status"]!);
        Assert.Empty(await SearchAsync(target, targetReference));
        Assert.Empty(await SearchAsync(target, "Kvarnbäcken 100%"));
    }

    [Fact]
    public async Task The_search_never_names_another_associations_report_nor_one_in_a_queue_the_caller_may_not_triage()
    {
        var (target, _) = await FileAsync("Vid Kvarnbäcken glömdes överlämningen till Försäkringskassan bort helt.");
        var (forwarded, _) = await FileAsync("Kvarnbäcken: grannförbundets ärende som hamnade här av misstag.");
        await Workflow.StepAsync(forwarded, "closure", new { resolution = "forwarded", reason = "Hör till grannförbundet.", forwardToAssociationCode = DemoSeed.NeighbourCode });
        var copy = await Factory.ScalarAsync<Guid>(
            "SELECT r.id FROM reports r JOIN associations a ON a.id = r.association_id WHERE a.code = @Code AND r.description LIKE 'Kvarnbäcken:%'",
            new { Code = DemoSeed.NeighbourCode });
        var admin = Factory.Admin();
        var otherQueue = await admin.CreateQueueAsync(await admin.CreateSteeringGroupAsync(DemoSeed.HoglandetCode, "Styrgruppen utan beredaren"), "Kön utan beredaren");
        var (elsewhere, elsewhereReference) = await FileAsync("Kvarnbäcken igen, i en kö som en annan styrgrupp äger.");
        await Factory.ExecuteAsync("UPDATE reports SET queue_id = @Queue WHERE id = @Id", new { Queue = otherQueue, Id = elsewhere });

        var found = Ids(await SearchAsync(target, "Kvarnbäcken")).ToList();

        Assert.Contains(forwarded, found);
        Assert.DoesNotContain(copy, found);
        Assert.DoesNotContain(elsewhere, found);
        Assert.Empty(await SearchAsync(target, elsewhereReference));
        var neighbourTriager = Factory.CreateClient().WithBearer(TestTokens.For("triager", "beredare@jonkoping.example"));
        Assert.Equal(HttpStatusCode.Forbidden, (await neighbourTriager.GetAsync($"/api/v1/reports/{target}/duplicate-candidates?q=Kvarnb%C3%A4cken")).StatusCode);
    }

    [Fact]
    public async Task A_caller_who_may_not_read_the_report_is_refused_and_a_search_without_text_is_invalid()
    {
        var (target, _) = await FileAsync("Vid Kvarnbäcken glömdes överlämningen till Försäkringskassan bort helt.");

        await Problems.AssertProblemAsync(
            await Workflow.ResponderFk.GetAsync($"/api/v1/reports/{target}/duplicate-candidates?q=Kvarnb%C3%A4cken"), HttpStatusCode.Forbidden);
        await Problems.AssertInvalidFieldAsync(await Workflow.Triager.GetAsync($"/api/v1/reports/{target}/duplicate-candidates?q=%20"), "q");
        await Problems.AssertInvalidFieldAsync(
            await Workflow.Triager.GetAsync($"/api/v1/reports/{target}/duplicate-candidates?q={new string('a', 101)}"), "q");
    }
}
