using LexHeller.Api.Features.Admin;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Features.Triage;
using LexHeller.Api.Infrastructure.Validation;

namespace LexHeller.Api.Tests.Infrastructure;

public sealed class OpenApiContractTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task The_committed_contract_is_the_document_the_service_serves()
    {
        var served = JsonNode.Parse(await _factory.CreateClient().GetStringAsync("/openapi/v1.json"));
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("api-spec", "openapi.json")));

        Assert.True(JsonNode.DeepEquals(served, committed),
            "api-spec/openapi.json differs from /openapi/v1.json: build the API project and commit the regenerated file.");
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_problem_responses_are_documented()
    {
        var document = JsonNode.Parse(await _factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var operations = document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()).ToList();
        Assert.NotEmpty(operations);
        Assert.All(operations, operation => Assert.False(string.IsNullOrWhiteSpace((string?)operation.Value!["summary"]), operation.Key));
        var submit = document["paths"]!["/api/v1/reports"]!["post"]!;
        foreach (var status in new[] { "400", "401", "403", "422" })
            Assert.NotNull(submit["responses"]![status]!["content"]!["application/problem+json"]);
    }

    [Theory]
    [InlineData("SubmitReportCommand", "description", SubmitReport.DescriptionMaxLength)]
    [InlineData("TriageReportCommand", "reason", TriageCommand.ReasonMaxLength)]     // declared in the base TriageCommand
    [InlineData("CloseReportCommand", "reason", TriageCommand.ReasonMaxLength)]
    [InlineData("SubmitReportReporterContact", "name", 200)]     // nested: validated as Reporter.Name by SubmitReport's validator, which writes 200 and 50 as literals
    [InlineData("SubmitReportReporterContact", "email", EmailRules.MaxLength)]
    [InlineData("SubmitReportReporterContact", "phone", 50)]
    [InlineData("CreateAssociationCommand", "accessibilityStatement", Associations.NoticeMaxLength)]
    [InlineData("UpdateAssociationCommand", "personalDataNotice", Associations.NoticeMaxLength)]
    [InlineData("CreateAreaCommand", "name", AdminRules.NameMaxLength)]
    public async Task A_members_maximum_length_is_the_one_its_validator_sets(string schema, string member, int maxLength)
    {
        var document = JsonNode.Parse(await _factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        Assert.Equal(maxLength, (int?)document["components"]!["schemas"]![schema]!["properties"]![member]!["maxLength"]);
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        var response = await _factory.CreateClient().GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
