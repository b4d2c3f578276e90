namespace LexHeller.Api.Tests.Receipts;

public sealed class PostReceiptMessageTests : WorkflowTests
{
    [Fact]
    public async Task The_reporter_sees_the_question_answers_it_through_the_receipt_and_the_report_returns_to_triage()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 6, ReportBodies.Contact("fraga@vetlanda.example")));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "information-requests", new { reason = "Underlag saknas.", question = "Vilken vårdcentral gällde det?" });

        var waiting = await Workflow.ReceiptAsync(token);
        Assert.Equal("needs-info", (string)waiting["status"]!);
        Assert.True((bool)waiting["awaitingReply"]!);
        Assert.Equal("Vilken vårdcentral gällde det?", (string)waiting["messages"]![0]!["text"]!);
        Assert.Equal("question", (string)waiting["messages"]![0]!["kind"]!);

        var reply = await Workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{token}/messages", new { text = "Vårdcentralen i centrum." });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("in-triage", (string)(await reply.ReadJsonAsync())["status"]!);
        var after = await Workflow.ReceiptAsync(token);
        Assert.False((bool)after["awaitingReply"]!);
        Assert.Equal(["question", "reply"], after["messages"]!.AsArray().Select(m => (string)m!["kind"]!));
        var history = (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}/history"))!["events"]!.AsArray();
        Assert.Equal(("clarified", "reporter"), ((string)history.Last()!["type"]!, (string)history.Last()!["actor"]!));
        Assert.Equal(1, await Factory.ScalarAsync<int>(
            "SELECT COUNT(*) FROM outbox_messages WHERE report_id = @Id AND kind = 'information-request' AND recipient = 'reporter'", new { Id = id }));
    }

    [Fact]
    public async Task A_reply_when_no_question_is_open_is_409_and_a_wrong_token_is_404()
    {
        var (_, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 6));

        await Problems.AssertProblemAsync(
            await Workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{token}/messages", new { text = "Hej." }), HttpStatusCode.Conflict);
        await Problems.AssertProblemAsync(
            await Workflow.Anonymous.PostAsJsonAsync("/api/v1/receipts/AAAAAAAAAAAAAAAAAAAAAA/messages", new { text = "Hej." }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reply_with_a_personal_number_is_refused_and_not_stored()
    {
        var (id, token, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 6));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet?" });

        var reply = await Workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{token}/messages", new { text = "Personen 811218-9876 vet." });

        await Problems.AssertProblemAsync(reply, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM report_messages WHERE kind = 'reply' AND report_id = @Id", new { Id = id }));
        Assert.Equal("needs-info", (string)(await Workflow.ReceiptAsync(token))["status"]!);
    }
}
