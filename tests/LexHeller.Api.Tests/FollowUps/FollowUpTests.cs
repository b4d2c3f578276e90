using LexHeller.Api.Tests.Patterns;

namespace LexHeller.Api.Tests.FollowUps;

/// <summary>The follow-up test classes' common steps: create, change with If-Match, file reports that make a pattern, read a history.</summary>
public abstract class FollowUpTests : WorkflowTests
{
    protected async Task<Guid> GroupIdAsync(string name = "Beredningsgruppen Höglandet") =>
        await Factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = @Name", new { Name = name });

    protected async Task<HttpResponseMessage> CreateAsync(object body, HttpClient? client = null) =>
        await (client ?? Workflow.Triager).PostAsJsonAsync("/api/v1/follow-ups", body);

    protected async Task<JsonNode> CreatedAsync(object body)
    {
        var response = await CreateAsync(body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    protected async Task<HttpResponseMessage> PatchAsync(Guid id, object body, string? ifMatch, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/follow-ups/{id}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await (client ?? Workflow.Triager).SendAsync(request);
    }

    protected async Task<IReadOnlyList<Guid>> FileAsync(int count)
    {
        var today = PatternBodies.Today(Factory);
        return await PatternBodies.FileAsync(Workflow, ReferenceData, [.. Enumerable.Range(0, count).Select(day => today.AddDays(-day))]);
    }

    protected async Task<JsonArray> HistoryAsync(Guid reportId) =>
        (await Workflow.Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{reportId}/history"))!["events"]!.AsArray();
}
