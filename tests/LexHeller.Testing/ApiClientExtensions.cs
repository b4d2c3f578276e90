using System.Net.Http.Headers;

namespace LexHeller.Testing;

public static class ApiClientExtensions
{
    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static HttpClient WithApiKey(this HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static Task<HttpResponseMessage> PostReportAsync(this HttpClient client, JsonNode body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>Files <paramref name="body"/> as the demo reporter; returns the new report's id.</summary>
    public static async Task<Guid> FileAsReporterAsync(this LexHellerApiFactory factory, JsonNode body)
    {
        var reporter = factory.ActingReporterClient();
        var response = await reporter.PostReportAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (Guid)(await response.ReadJsonAsync())["id"]!;
    }

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonNode>())!;
}
