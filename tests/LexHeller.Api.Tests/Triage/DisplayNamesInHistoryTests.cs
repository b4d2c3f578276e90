using System.Security.Claims;

namespace LexHeller.Api.Tests.Triage;

/// <summary>
/// The history names people by the name their identity provider gives (the <c>name</c> claim, kept by user key at
/// sign-in, migration 0023), besides the user key it always had; a user who never brought a name keeps only the key.
/// </summary>
public sealed class DisplayNamesInHistoryTests : WorkflowTests
{
    private HttpClient TriagerNamed(string name) =>
        Factory.CreateClient().WithBearer(TestTokens.Create([new Claim("role", "triager"), new Claim("email", DemoSeed.TriagerEmail), new Claim("name", name)]));

    [Fact]
    public async Task The_history_names_the_acting_user_by_the_name_claim_and_keeps_the_actor_key()
    {
        var named = TriagerNamed("Tove Beredare");
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        await Workflow.ActAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." }, client: named);

        var triaged = (await HistoryAsync(named, id)).Single(e => (string)e!["type"]! == "triaged")!;

        Assert.Equal(DemoSeed.TriagerEmail, (string)triaged["actor"]!);
        Assert.Equal("Tove Beredare", (string)triaged["actorName"]!);
        var submitted = (await HistoryAsync(named, id)).Single(e => (string)e!["type"]! == "submitted")!;
        Assert.Null(submitted["actorName"]);
    }

    [Fact]
    public async Task Without_a_name_claim_the_history_has_only_the_key_until_the_user_signs_in_with_a_name_and_then_the_latest_name()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        await Workflow.StepAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget." });
        Assert.Null(Triaged(await HistoryAsync(Workflow.Triager, id))["actorName"]);

        Assert.Equal("Tove Beredare", (string)Triaged(await HistoryAsync(TriagerNamed("Tove Beredare"), id))["actorName"]!);
        Assert.Equal("Tove Beredare-Lind", (string)Triaged(await HistoryAsync(TriagerNamed("Tove Beredare-Lind"), id))["actorName"]!);
        Assert.Equal("Tove Beredare-Lind", (string)Triaged(await HistoryAsync(Workflow.Triager, id))["actorName"]!);
        Assert.Equal(1, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM user_display_names WHERE user_key = @Key", new { Key = DemoSeed.TriagerEmail }));
    }

    [Fact]
    public async Task A_note_names_its_author_by_the_name_they_signed_in_with()
    {
        var named = TriagerNamed("Tove Beredare");
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 3));
        var added = await named.PostAsJsonAsync($"/api/v1/reports/{id}/notes", new { text = "Ta upp på nästa möte." });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());

        var note = (await named.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}"))!["notes"]!.AsArray().Single()!;

        Assert.Equal(DemoSeed.TriagerEmail, (string)note["author"]!);
        Assert.Equal("Tove Beredare", (string)note["authorName"]!);
    }

    private static JsonNode Triaged(JsonArray history) => history.Single(e => (string)e!["type"]! == "triaged")!;

    private static async Task<JsonArray> HistoryAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
}
