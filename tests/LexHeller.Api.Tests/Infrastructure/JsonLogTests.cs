using System.Text.Json;
using System.Text.RegularExpressions;

namespace LexHeller.Api.Tests.Infrastructure;

/// <summary>The container's logs: one JSON object a line, each request's lines carrying the trace's ids.</summary>
public sealed partial class JsonLogTests
{
    [Fact]
    public async Task The_image_s_logging_settings_write_json_lines_that_carry_the_trace_and_span_ids()
    {
        var settings = ImageLoggingSettings();
        Assert.Equal("json", settings["Logging__Console__FormatterName"]);
        var directory = Directory.CreateTempSubdirectory("lexheller-json-logs-");
        var port = ApiProcess.FreePort();
        var traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        await using (var service = ApiProcess.Start(["--urls", $"http://127.0.0.1:{port}"], Path.Combine(directory.FullName, "logs.db"),
            new Dictionary<string, string>(settings) { ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information" }))
        {
            // No propagator: the test's own traceparent goes out as it is, not the test process's.
            using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            };
            Assert.True(await ReadyAsync(client), string.Join('\n', service.Lines));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
            request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();

            var line = await service.WaitForLineAsync(line => line.Contains(traceId, StringComparison.Ordinal)
                && line.Contains("/health/live", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            Assert.True(line is not null, string.Join('\n', service.Lines));

            using var entry = JsonDocument.Parse(line);
            Assert.Equal("Microsoft.AspNetCore.Hosting.Diagnostics", entry.RootElement.GetProperty("Category").GetString());
            Assert.Equal("Information", entry.RootElement.GetProperty("LogLevel").GetString());
            Assert.True(entry.RootElement.TryGetProperty("Timestamp", out _), line);
            var scope = entry.RootElement.GetProperty("Scopes").EnumerateArray()
                .Single(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out _));
            Assert.Equal(traceId, scope.GetProperty("TraceId").GetString());
            Assert.Matches("^[0-9a-f]{16}$", scope.GetProperty("SpanId").GetString());
            // Every line the service wrote is JSON, the start-up's as well as the request's.
            foreach (var written in service.Lines.Where(written => written.Length > 0))
                JsonDocument.Parse(written).Dispose();
        }
        directory.Delete(recursive: true);
    }

    private static async Task<bool> ReadyAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                    return true;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(500);
        }
        return false;
    }

    /// <summary>The <c>Logging__…</c> variables the Dockerfile sets (docker-compose.yml uses the image's).</summary>
    private static Dictionary<string, string> ImageLoggingSettings() =>
        File.ReadAllLines(Repository.PathOf("Dockerfile"))
            .Where(line => !line.TrimStart().StartsWith('#'))
            .SelectMany(line => LoggingVariable().Matches(line))
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value.Trim('"'));

    [GeneratedRegex("""(?<name>Logging__[\w.]+)=(?<value>"[^"]*"|\S+)""")]
    private static partial Regex LoggingVariable();
}
