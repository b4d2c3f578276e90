using System.Diagnostics;
using System.Globalization;
using Dapper;

namespace LexHeller.Testing;

/// <summary>
/// Several service processes (<see cref="ApiProcess"/>, the built service as an operator runs it) on one database:
/// started at once, each on a port of its own, with the settings every instance shares (tokens signed with the test
/// key, limits far above what a test sends). For the tests that show instances sharing a database.
/// </summary>
public sealed class ServiceInstances : IAsyncDisposable
{
    private readonly List<(ApiProcess Process, HttpClient Client)> _instances;

    private ServiceInstances(List<(ApiProcess, HttpClient)> instances) => _instances = instances;

    public int Count => _instances.Count;

    /// <summary>The client of instance <paramref name="index"/> (modulo the count: spreading work by number is one call).</summary>
    public HttpClient Client(int index) => _instances[index % _instances.Count].Client;

    /// <summary>What instance <paramref name="index"/> wrote to standard output and error so far.</summary>
    public IReadOnlyList<string> Lines(int index) => _instances[index].Process.Lines;

    /// <summary>What every instance wrote, each line prefixed with its instance number: for a failure's message.</summary>
    public string Output() => string.Join('\n', _instances.SelectMany((instance, index) => instance.Process.Lines.Select(line => $"[{index}] {line}")));

    /// <summary>The settings every instance of a test shares: the test signing key, high rate limits, quick mail.</summary>
    public static Dictionary<string, string> SharedSettings() => new()
    {
        ["Authentication__Schemes__Bearer__ValidIssuer"] = TestTokens.Issuer,
        ["Authentication__Schemes__Bearer__ValidAudiences__0"] = TestTokens.Audience,
        ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = TestTokens.Issuer,
        ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = TestTokens.SigningKeyBase64,
        ["RateLimiting__AnonymousIntake__PermitLimit"] = "1000000",
        ["RateLimiting__Receipts__PermitLimit"] = "1000000",
        ["RateLimiting__ApiKey__PermitLimit"] = "1000000",
        ["Notifications__PollInterval"] = "00:00:01",
        ["Logging__LogLevel__Microsoft.AspNetCore.DataProtection"] = "Error",
    };

    /// <summary>
    /// Starts <paramref name="count"/> instances at the same moment with <paramref name="environment"/> (the database's
    /// settings and <see cref="SharedSettings"/>), in <paramref name="directory"/>; they begin by migrating, together.
    /// </summary>
    public static ServiceInstances StartAll(int count, string directory, IReadOnlyDictionary<string, string> environment)
    {
        var instances = new List<(ApiProcess, HttpClient)>();
        var ports = Enumerable.Range(0, count).Select(_ => ApiProcess.FreePort()).ToList();
        foreach (var port in ports)
        {
            var process = ApiProcess.Start(["--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
                Path.Combine(directory, "lexheller.db"), environment, workingDirectory: directory);
            instances.Add((process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/") }));
        }
        return new ServiceInstances(instances);
    }

    /// <summary>Waits until every instance answers <c>/health/ready</c> with 200; fails with their output if one does not in time.</summary>
    public async Task WaitUntilAllReadyAsync(TimeSpan patience)
    {
        var started = Stopwatch.StartNew();
        for (var index = 0; index < _instances.Count; index++)
        {
            while (true)
            {
                try
                {
                    using var response = await _instances[index].Client.GetAsync("health/ready");
                    if (response.StatusCode == HttpStatusCode.OK)
                        break;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                if (started.Elapsed > patience)
                    Assert.Fail($"Instance {index} was not ready after {patience}:\n{Output()}");
                await Task.Delay(200);
            }
        }
    }

    /// <summary>
    /// Runs the <c>migrate</c> command <paramref name="count"/> times at once against one database; the exit code and
    /// output of each.
    /// </summary>
    public static async Task<(int ExitCode, string Output)[]> MigrateAtOnceAsync(int count, string directory, IReadOnlyDictionary<string, string> environment) =>
        await Task.WhenAll(Enumerable.Range(0, count)
            .Select(_ => ApiProcess.RunAsync(["migrate"], Path.Combine(directory, "lexheller.db"), environment)));

    /// <summary>The scripts DbUp's journal records for the database, the migration written in code among them.</summary>
    public static async Task<IReadOnlyList<string>> JournalAsync(DatabaseOptions database) =>
        await QueryAsync<string>(database, "SELECT scriptname FROM schemaversions");

    /// <summary>The migrations written in code, which run among the numbered scripts on both engines.</summary>
    public static readonly IReadOnlyList<string> CodeMigrations =
        [LexHeller.Api.Features.Privacy.SealExistingReporterContacts.Name, LexHeller.Api.Features.Notifications.BoundOutboxKeys.Name];

    /// <summary>How many migrations this version has for the engine: its scripts in db/, and those written in code.</summary>
    public static int MigrationCount(DatabaseProvider provider) =>
        Directory.GetFiles(Repository.PathOf("db", provider == DatabaseProvider.Sqlite ? "sqlite" : "sqlserver"), "*.sql").Length + CodeMigrations.Count;

    /// <summary>Reads the database directly (outside every instance), with the service's own type handlers.</summary>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(DatabaseOptions database, string sql, object? arguments = null)
    {
        DapperTypeHandlers.Register();
        IDbConnectionFactory factory = database.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnectionFactory(database)
            : new SqlServerConnectionFactory(database);
        try
        {
            await using var connection = await factory.OpenAsync(CancellationToken.None);
            return [.. await connection.QueryAsync<T>(sql, arguments)];
        }
        finally
        {
            (factory as IDisposable)?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, client) in _instances)
        {
            client.Dispose();
            await process.DisposeAsync();
        }
    }
}
