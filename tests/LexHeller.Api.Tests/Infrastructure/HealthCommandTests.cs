using System.Diagnostics;
using LexHeller.Api.Infrastructure.Http;
using Microsoft.Extensions.Configuration;

namespace LexHeller.Api.Tests.Infrastructure;

/// <summary>The <c>health</c> command the image's HEALTHCHECK and docker-compose.yml run (there is no curl in the image).</summary>
public sealed class HealthCommandTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lexheller-health-");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private string DatabasePath => Path.Combine(_directory.FullName, "health.db");

    [Fact]
    public async Task The_health_command_exits_0_when_the_service_is_ready()
    {
        await using var factory = new LexHellerApiFactory();
        var address = factory.StartKestrel();

        var (exitCode, output) = await ApiProcess.RunAsync(["health", "--urls", address.ToString().TrimEnd('/')], DatabasePath);

        Assert.True(exitCode == 0, output);
        Assert.Contains("/health/ready: 200 Healthy", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_command_exits_1_quickly_when_nothing_listens()
    {
        var started = Stopwatch.GetTimestamp();

        var (exitCode, output) = await ApiProcess.RunAsync(["health"], DatabasePath,
            new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://+:{ApiProcess.FreePort()}" });

        Assert.True(exitCode == 1, output);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20), $"took {Stopwatch.GetElapsedTime(started)}");
    }

    [Fact]
    public async Task The_health_command_exits_1_when_the_service_is_not_ready()
    {
        await using var factory = new LexHellerApiFactory();
        var address = factory.StartKestrel();
        await factory.ExecuteAsync("DELETE FROM schemaversions WHERE scriptname LIKE '%0002_taxonomy.sql'");

        var (exitCode, output) = await ApiProcess.RunAsync(["health"], DatabasePath,
            new Dictionary<string, string> { ["Health__Url"] = new Uri(address, "health/ready").ToString() });

        Assert.True(exitCode == 1, output);
        Assert.Contains("503", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://+:8080", null, null, "http://localhost:8080/health/ready")]
    [InlineData("https://+:8443;http://*:8081", null, null, "http://localhost:8081/health/ready")]
    [InlineData("http://0.0.0.0:9000", null, null, "http://localhost:9000/health/ready")]
    [InlineData(null, "8080", null, "http://localhost:8080/health/ready")]
    [InlineData(null, null, null, "http://localhost:5000/health/ready")]
    [InlineData("http://+:8080", null, "http://127.0.0.1:7000/health/ready", "http://127.0.0.1:7000/health/ready")]
    public void The_readiness_address_follows_the_service_s_own_settings(string? urls, string? httpPorts, string? healthUrl, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["http_ports"] = httpPorts,
            ["Health:Url"] = healthUrl,
        }).Build();

        Assert.Equal(new Uri(expected), HealthCommand.ReadinessAddress(configuration));
    }
}
