using LexHeller.Api.Features.Admin.Apply;

namespace LexHeller.Api.Tests.Admin;

/// <summary>The <c>apply</c> command: an association kept in a file, applied through the administration's own use cases.</summary>
public sealed class ApplyCommandTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private readonly ScratchDirectory _scratch = new("apply");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _scratch.Dispose();
    }

    private static string Example => Repository.PathOf("docs", "examples", "association.yaml");

    private async Task<(string Out, string Error, int Exit)> ApplyAsync(params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ApplyCommand.RunAsync(arguments, _factory.Services, output, error, TestContext.Current.CancellationToken);
        return (output.ToString(), error.ToString(), exit);
    }

    private Task<int> AuditEventsAsync() => _factory.ScalarAsync<int>("SELECT COUNT(*) FROM audit_events");

    private string Write(string name, string text)
    {
        var path = _scratch.PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_dry_run_prints_every_change_the_example_would_make_and_changes_nothing()
    {
        var (output, error, exit) = await ApplyAsync(Example, "--dry-run");

        Assert.Equal((0, ""), (exit, error));
        Assert.Contains("  + association vattern: create 'Samordningsförbundet Vättern' (prefix VAT)", output, StringComparison.Ordinal);
        Assert.Contains("  + area habo: create 'Habo'", output, StringComparison.Ordinal);
        Assert.Contains("  + party 'Försäkringskassan': create (social-insurance)", output, StringComparison.Ordinal);
        Assert.Contains("  + steering group 'LSG Habo': add queue 'LSG Habo'", output, StringComparison.Ordinal);
        Assert.Contains("  + member kontakt@fk.example: add roles [responder], parties [Försäkringskassan]", output, StringComparison.Ordinal);
        Assert.Contains("  + category vattern-lex-sarah: create 'Lex Sarah eller Lex Maria'", output, StringComparison.Ordinal);
        Assert.Contains("  + category other: notice", output, StringComparison.Ordinal);
        Assert.Contains("  + steering group 'Beredningsgruppen Vättern': meetings [2027-03-10, 2027-06-09, 2027-09-15]; cut-off 21 days before each",
            output, StringComparison.Ordinal);
        Assert.Contains("  + routing rule 'Habo till LSG Habo.': create (area habo → queue 'LSG Habo', priority 100)", output, StringComparison.Ordinal);
        Assert.EndsWith("Dry run: 22 change(s) would be made to vattern; nothing was changed.", output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM associations WHERE code = 'vattern'"));
        Assert.Equal(0, await AuditEventsAsync());
    }

    [Fact]
    public async Task Applying_the_example_creates_the_association_as_the_api_shows_it_and_a_second_run_changes_nothing()
    {
        var (output, _, exit) = await ApplyAsync(Example);
        var events = await AuditEventsAsync();
        var (again, _, exitAgain) = await ApplyAsync(Example);

        Assert.Equal(0, exit);
        Assert.EndsWith("Applied: 22 change(s) made to vattern.", output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(0, exitAgain);
        Assert.DoesNotContain("  + ", again, StringComparison.Ordinal);
        Assert.EndsWith("No changes: vattern matches the file.", again.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(events, await AuditEventsAsync());
        Assert.Equal(22, await _factory.ScalarAsync<int>("""
            SELECT COUNT(*) FROM audit_events e JOIN associations a ON a.id = e.association_id WHERE a.code = 'vattern' AND e.actor = 'apply'
            """));

        var admin = _factory.CreateClient().WithBearer(TestTokens.For("admin", "admin@vattern.example"));
        var association = (await admin.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations/vattern"))!;
        Assert.Equal("VAT", (string)association["referencePrefix"]!);
        Assert.StartsWith("Samordningsförbundet Vättern står bakom Lex Heller.", (string)association["accessibilityStatement"]!, StringComparison.Ordinal);
        var rules = await admin.RulesAsync("vattern");
        Assert.Equal(3, rules.Count);
        Assert.Contains(rules, rule => (string?)rule!["category"] == "handover" && (int)rule["priority"]! == 50);
        var members = (await admin.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations/vattern/members"))!["members"]!.AsArray();
        var contact = members.Single(member => (string)member!["email"]! == "kontakt@fk.example")!;
        Assert.Equal(["responder"], contact["roles"]!.AsArray().Select(role => (string)role!));
        Assert.Equal(["Försäkringskassan"], contact["parties"]!.AsArray().Select(party => (string)party!["name"]!));
        var triager = members.Single(member => (string)member!["email"]! == "lsg.habo@vattern.example")!;
        Assert.Equal(["LSG Habo"], triager["steeringGroups"]!.AsArray().Select(group => (string)group!["name"]!));

        var categories = (await admin.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations/vattern/categories"))!["categories"]!.AsArray();
        var own = categories.Single(category => (string)category!["code"]! == "vattern-lex-sarah")!;
        Assert.True((bool)own["blocksSubmission"]!);
        Assert.False((bool)own["national"]!);
        Assert.StartsWith("Beskriv gärna", (string)categories.Single(category => (string)category!["code"]! == "other")!["notice"]!, StringComparison.Ordinal);
        var group = (await admin.GetFromJsonAsync<JsonNode>("/api/v1/admin/associations/vattern/steering-groups"))!["steeringGroups"]!.AsArray()
            .Single(group => (string)group!["name"]! == "Beredningsgruppen Vättern")!;
        var calendar = (await admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/steering-groups/{(string)group["id"]!}/meetings"))!;
        Assert.Equal(21, (int)calendar["cutOffDays"]!);
        Assert.Equal(["2027-03-10", "2027-06-09", "2027-09-15"], calendar["meetings"]!.AsArray().Select(meeting => (string)meeting!["on"]!));
    }

    [Fact]
    public async Task A_changed_file_changes_only_what_differs_and_lists_what_is_not_in_it()
    {
        await ApplyAsync(Example);
        var changed = File.ReadAllText(Example)
            .Replace("    name: Habo\n", "    name: Habo kommun\n", StringComparison.Ordinal)
            .Replace("  - code: jonkoping-stad\n    name: Jönköping\n", "", StringComparison.Ordinal)
            .Replace("answerDeadlineDays: 60", "answerDeadlineDays: 45", StringComparison.Ordinal);

        var (output, _, exit) = await ApplyAsync(Write("changed.yaml", changed));

        Assert.Equal(0, exit);
        Assert.Equal(
            ["  + association vattern: update answerDeadlineDays", "  + area habo: rename 'Habo' to 'Habo kommun'", "  = area jonkoping-stad: not in the file, left as is"],
            output.Split('\n').Select(line => line.TrimEnd()).Where(line => line.StartsWith("  ", StringComparison.Ordinal)));
        Assert.EndsWith("Applied: 2 change(s) made to vattern. 1 thing(s) not in the file left as is.", output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(1, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM areas WHERE code = 'jonkoping-stad'"));
    }

    [Fact]
    public async Task A_file_the_api_would_refuse_changes_nothing_and_says_where_and_why()
    {
        var badPrefix = File.ReadAllText(Example).Replace("referencePrefix: VAT", "referencePrefix: vat1", StringComparison.Ordinal);
        var unknownParty = File.ReadAllText(Example).Replace("parties: [Försäkringskassan]", "parties: [Kronofogden]", StringComparison.Ordinal);

        var (_, prefixError, prefixExit) = await ApplyAsync(Write("prefix.yaml", badPrefix));
        var (_, partyError, partyExit) = await ApplyAsync(Write("party.yaml", unknownParty));
        var (_, nameError, nameExit) = await ApplyAsync(Write("unknown.yaml", "association:\n  code: vattern\n  colour: blue\n"));
        var (_, jsonError, jsonExit) = await ApplyAsync(Write("broken.json", "{ \"association\": { \"code\": 42 } }"));
        var (_, _, usageExit) = await ApplyAsync();

        Assert.Equal(1, prefixExit);
        Assert.Contains("association vattern: referencePrefix: 'Reference Prefix' must be 2–6 capital letters or digits", prefixError, StringComparison.Ordinal);
        Assert.Equal(1, partyExit);
        Assert.Contains("member kontakt@fk.example: there is no party 'Kronofogden' in vattern or in the file.", partyError, StringComparison.Ordinal);
        Assert.Equal(1, nameExit);
        Assert.Contains("line 3", nameError, StringComparison.Ordinal);
        Assert.Contains("colour", nameError, StringComparison.Ordinal);
        Assert.Equal(1, jsonExit);
        Assert.Contains("$.association.code", jsonError, StringComparison.Ordinal);
        Assert.Equal(2, usageExit);
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM associations WHERE code = 'vattern'"));
        Assert.Equal(0, await AuditEventsAsync());
    }
}
