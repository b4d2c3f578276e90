namespace LexHeller.Api.Tests.Web;

/// <summary>
/// Statistik starts a structural follow-up from a pattern (as POST /api/v1/follow-ups with its patternKey): the triager
/// names it and its owner group; the pattern's reports in the triager's queues are linked; a form without a title says so.
/// </summary>
public sealed class StartFollowUpFromPatternPageTests : WorkflowTests
{
    [Fact]
    public async Task A_triager_starts_a_follow_up_from_a_pattern_on_Statistik_and_its_reports_are_linked()
    {
        var key = (string)(await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/patterns?associationCode=hoglandet"))!["patterns"]!.AsArray().First()!["key"]!;
        var ownerGroupId = await Factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = 'Beredningsgruppen Höglandet'");
        var client = Factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.TriagerEmail);
        const string Path = "/statistik?forbund=hoglandet";

        var page = await client.GetPageAsync(Path);
        using var refused = await client.PostFormAsync(Path,
            [new("FollowUp.PatternKey", key), new("FollowUp.Title", ""), new("FollowUp.OwnerGroupId", $"{ownerGroupId}")],
            postPath: "/statistik?handler=FollowUp&forbund=hoglandet");
        using var started = await client.PostFormAsync(Path,
            [new("FollowUp.PatternKey", key), new("FollowUp.Title", "Mönstret i överlämningarna"), new("FollowUp.OwnerGroupId", $"{ownerGroupId}"),
             new("FollowUp.Decision", "Parterna tar fram en gemensam rutin.")],
            postPath: "/statistik?handler=FollowUp&forbund=hoglandet");

        Assert.Contains("Starta en strukturell uppföljning från ett mönster", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{key}\"", page, StringComparison.Ordinal);
        Assert.Equal(["Skriv vad uppföljningen gäller."], PageForms.ErrorSummary(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var followUps = (await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/follow-ups?associationCode=hoglandet"))!["followUps"]!.AsArray();
        var followUpId = (Guid)followUps.Single(f => (string)f!["title"]! == "Mönstret i överlämningarna")!["id"]!;
        var followUp = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/follow-ups/{followUpId}"))!;
        Assert.Equal(key, (string)followUp["patternKey"]!);
        Assert.Equal(ownerGroupId, (Guid)followUp["ownerGroupId"]!);
        Assert.NotEmpty(followUp["reports"]!.AsArray());
        Assert.Contains("Mönstret i överlämningarna", await client.GetPageAsync(started.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_sees_the_patterns_but_no_form_to_start_a_follow_up()
    {
        var client = Factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.AnalystEmail);

        var page = await client.GetPageAsync("/statistik?forbund=hoglandet");

        Assert.Contains("Återkommande mönster", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Starta en strukturell uppföljning", page, StringComparison.Ordinal);
    }
}
