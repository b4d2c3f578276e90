using MimeKit;

namespace LexHeller.Api.Tests.Patterns;

public sealed class PatternDetectionTests : WorkflowTests
{
    private Task<JsonNode> PatternsAsync(HttpClient? client = null) =>
        (client ?? Workflow.Triager).GetFromJsonAsync<JsonNode>("/api/v1/patterns?associationCode=hoglandet")!;

    [Fact]
    public async Task A_report_dated_on_the_first_day_of_the_window_counts_and_one_dated_the_day_before_does_not()
    {
        var today = PatternBodies.Today(Factory);
        var firstDay = today.AddDays(-PatternBodies.WindowDays + 1);
        await PatternBodies.FileAsync(Workflow, ReferenceData, today, today, firstDay.AddDays(-1));

        Assert.Null(PatternBodies.Find(await PatternsAsync()));
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM pattern_detections WHERE category = 'knowledge'"));

        await PatternBodies.FileAsync(Workflow, ReferenceData, firstDay);

        var patterns = await PatternsAsync();
        Assert.Equal(firstDay.ToString("yyyy-MM-dd"), (string)patterns["currentWindow"]!["from"]!);
        var pattern = PatternBodies.Find(patterns)!;
        Assert.NotNull(pattern);
        Assert.Equal(3, (int)pattern["count"]!);
        Assert.Equal(1, (int)pattern["previousCount"]!);
        Assert.Equal("rising", (string)pattern["trend"]!);
        Assert.Equal(["region", "employment-service"], pattern["partyKinds"]!.AsArray().Select(kind => (string)kind!));
        Assert.Equal(today.ToString("yyyy-MM-dd"), (string)pattern["firstDetectedOn"]!);
        Assert.Equal(firstDay.ToString("yyyy-MM-dd"), (string)pattern["reports"]!.AsArray()[0]!["eventDate"]!);
    }

    [Fact]
    public async Task Threshold_minus_one_reports_make_no_pattern_and_the_threshold_does()
    {
        var today = PatternBodies.Today(Factory);
        await PatternBodies.FileAsync(Workflow, ReferenceData, today.AddDays(-10), today.AddDays(-20));

        Assert.Null(PatternBodies.Find(await PatternsAsync()));
        Assert.Equal(0, await PatternBodies.NotificationsAsync(Factory));

        await PatternBodies.FileAsync(Workflow, ReferenceData, today.AddDays(-30));

        Assert.Equal(3, (int)PatternBodies.Find(await PatternsAsync())!["count"]!);
        Assert.Equal(1, await PatternBodies.NotificationsAsync(Factory));
    }

    [Fact]
    public async Task A_shorter_window_leaves_older_reports_out()
    {
        var today = PatternBodies.Today(Factory);
        await PatternBodies.FileAsync(Workflow, ReferenceData, today, today.AddDays(-1), today.AddDays(-2));

        var shortWindow = await Workflow.Triager.GetFromJsonAsync<JsonNode>("/api/v1/patterns?associationCode=hoglandet&window=2");

        Assert.Equal(2, (int)shortWindow!["windowDays"]!);
        Assert.Null(PatternBodies.Find(shortWindow));
        await Problems.AssertInvalidFieldAsync(await Workflow.Triager.GetAsync("/api/v1/patterns?associationCode=hoglandet&window=731"), "window");
    }

    [Fact]
    public async Task The_steering_group_is_told_of_a_new_pattern_once_and_again_only_after_it_lapsed_for_a_whole_window()
    {
        var today = PatternBodies.Today(Factory);
        await PatternBodies.FileAsync(Workflow, ReferenceData, today, today.AddDays(-3), today.AddDays(-6));
        Assert.Equal(1, await PatternBodies.NotificationsAsync(Factory));

        await PatternBodies.FileAsync(Workflow, ReferenceData, today.AddDays(-9));
        Assert.Equal(1, await PatternBodies.NotificationsAsync(Factory));

        await Factory.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(MailsAbout("Kunskap om varandras uppdrag").Count == 1), "the pattern's e-mail is written");
        using (var mail = await MimeMessage.LoadAsync(MailsAbout("Kunskap om varandras uppdrag").Single()))
        {
            Assert.Equal(DemoSeed.TriagerEmail, Assert.Single(mail.To.Mailboxes).Address);
            Assert.Equal("Återkommande mönster: Kunskap om varandras uppdrag", mail.Subject);
            Assert.Contains("Antal avvikelser: 3 under de senaste 180 dagarna", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("Region (hälso- och sjukvård) och Arbetsförmedlingen", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("/triage", mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain((string)Fixtures.Reports()[13]!["description"]!, mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("LH-", mail.TextBody, StringComparison.Ordinal);
        }

        // Still over the threshold a whole window later would keep it the same pattern; here it lapses:
        // the last detection lies 181 days back when it re-emerges.
        Factory.Clock.Advance(TimeSpan.FromDays(PatternBodies.WindowDays + 1));
        var later = PatternBodies.Today(Factory);
        await PatternBodies.FileAsync(Workflow, ReferenceData, later, later.AddDays(-1));
        Assert.Equal(1, await PatternBodies.NotificationsAsync(Factory));

        await PatternBodies.FileAsync(Workflow, ReferenceData, later.AddDays(-2));

        Assert.Equal(2, await PatternBodies.NotificationsAsync(Factory));
        Assert.Equal(later.ToString("yyyy-MM-dd"), (string)PatternBodies.Find(await PatternsAsync())!["firstDetectedOn"]!);
    }

    [Fact]
    public async Task Confirming_a_category_in_triage_can_complete_a_pattern()
    {
        var today = PatternBodies.Today(Factory);
        await PatternBodies.FileAsync(Workflow, ReferenceData, today, today.AddDays(-1));
        var other = PatternBodies.Body(ReferenceData, today.AddDays(-2));
        other["suggestedCategory"] = "other";
        var (id, _, _) = await Workflow.FileAsync(other);
        Assert.Equal(0, await PatternBodies.NotificationsAsync(Factory));

        await Workflow.StepAsync(id, "triage", new { category = PatternBodies.Category, reason = "Handlar om kunskap om varandras uppdrag." });

        Assert.Equal(3, (int)PatternBodies.Find(await PatternsAsync())!["count"]!);
        Assert.Equal(1, await PatternBodies.NotificationsAsync(Factory));
    }

    [Fact]
    public async Task Reports_closed_as_duplicates_are_left_out()
    {
        var today = PatternBodies.Today(Factory);
        var ids = await PatternBodies.FileAsync(Workflow, ReferenceData, today, today.AddDays(-1), today.AddDays(-2));
        Assert.NotNull(PatternBodies.Find(await PatternsAsync()));

        await Workflow.StepAsync(ids[2], "closure", new { resolution = "duplicate", duplicateOfReportId = ids[0], reason = "Samma händelse." });

        Assert.Null(PatternBodies.Find(await PatternsAsync()));
    }

    [Fact]
    public async Task Forwarded_reports_count_in_the_association_that_took_them_over_and_no_longer_in_their_first_one()
    {
        var today = PatternBodies.Today(Factory);
        var ids = await PatternBodies.FileAsync(Workflow, ReferenceData, today, today.AddDays(-1), today.AddDays(-2));
        Assert.NotNull(PatternBodies.Find(await PatternsAsync()));

        foreach (var id in ids)
            await Workflow.StepAsync(id, "closure", new { resolution = "forwarded", forwardToAssociationCode = DemoSeed.NeighbourCode, reason = "Hör till grannförbundet." });

        Assert.Null(PatternBodies.Find(await PatternsAsync()));
        var admin = Factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
        var neighbours = (await admin.GetFromJsonAsync<JsonNode>($"/api/v1/patterns?associationCode={DemoSeed.NeighbourCode}"))!;
        Assert.Equal(3, (int)PatternBodies.Find(neighbours)!["count"]!);
        Assert.Equal(1, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM pattern_detections d JOIN associations a ON a.id = d.association_id WHERE a.code = @Code AND d.category = 'knowledge'",
            new { Code = DemoSeed.NeighbourCode }));
    }

    private List<string> MailsAbout(string text) =>
        Directory.Exists(Factory.MailDirectory)
            ? [.. Directory.GetFiles(Factory.MailDirectory, "*.eml").Where(file => (MimeMessage.Load(file).Subject ?? "").Contains(text, StringComparison.Ordinal))]
            : [];
}
