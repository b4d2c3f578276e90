namespace LexHeller.Testing;

public static class Problems
{
    /// <summary>Asserts an RFC 9457 problem with the status, a title and a traceId; returns its body.</summary>
    public static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["traceId"]));
        return problem;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> name <paramref name="field"/>.</summary>
    public static async Task<JsonNode> AssertInvalidFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        Assert.NotNull(errors);
        Assert.True(errors.ContainsKey(field), $"Expected an error for '{field}', got: {errors.ToJsonString()}");
        return problem;
    }
}
