namespace LexHeller.Api.Tests.Triage;

public sealed class RequestInformationTests : WorkflowTests
{
    [Fact]
    public async Task A_personal_number_in_a_question_is_refused_with_422_and_nothing_changes()
    {
        var (id, _, _) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });

        var response = await Workflow.ActAsync(id, "information-requests", new { reason = "Fråga.", question = "Gäller det 811218-9876?" });

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("question"));
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM report_messages WHERE report_id = @Id", new { Id = id }));
    }
}
