namespace LexHeller.Api.Tests.Web;

/// <summary>A conflict met on a page (someone else acted first) is said in Swedish, with what the user wrote kept.</summary>
public sealed class ConflictMessagesTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private readonly Workflow _workflow;

    public ConflictMessagesTests() => _workflow = new Workflow(_factory);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_referral_answered_by_a_colleague_meanwhile_is_said_to_be_answered_already()
    {
        var (reportId, _, reference) = await _workflow.FileAsync(ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(_workflow.Anonymous), 0));
        await _workflow.StepAsync(reportId, "triage", new { reason = "Bedömd." });
        await _workflow.ReferAsync(reportId, "Försäkringskassan");
        var referrals = await _workflow.ResponderFk.GetFromJsonAsync<JsonNode>("/api/v1/referrals?status=open");
        var referralId = (string)referrals!["referrals"]!.AsArray().Single(r => (string)r!["reference"]! == reference)!["id"]!;
        var page = _factory.CreatePageClient();
        await page.SignInAsync(DemoSeed.ResponderFkEmail);
        var path = $"/part/remiss/{referralId}";
        var form = await page.GetPageAsync(path);
        await _workflow.AnswerAsync(_workflow.ResponderFk, reportId);

        using var response = await page.PostFormAsync(path,
        [
            new("Input.Cause", "Vår förklaring."), new("Input.Actions", "Våra åtgärder."), new("Input.FollowUpPlan", "Vår uppföljning."),
            new("Input.ResponderName", "Frida"), new("Input.ResponderRole", "Handläggare"),
        ]);

        Assert.Contains("Svara", form);
        Assert.Equal(["Frågan är redan besvarad."], PageForms.ErrorSummary(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_reply_on_a_receipt_without_an_open_question_is_said_to_need_none()
    {
        var (_, token, _) = await _workflow.FileAsync(ReportBodies.FromFixture(await ReferenceDataSnapshot.LoadAsync(_workflow.Anonymous), 1));
        var client = _factory.CreatePageClient();

        // The reply form as it was on a page opened while the question was open: its token is the session's.
        using var response = await client.PostFormAsync("/kvitto", [new("Reply", "Ett svar ingen bad om.")], postPath: $"/kvitto/{token}");

        Assert.Equal(["Styrgruppen har ingen obesvarad fråga till dig just nu."], PageForms.ErrorSummary(await response.Content.ReadAsStringAsync()));
    }
}
