using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace LexHeller.Bench;

/// <summary>
/// The service as a separate process (a Release publish), on a free loopback port, over a given
/// SQLite file, with a bench signing key for bearer tokens. Its peak resident memory is read from
/// /proc (VmHWM), which is what the operating system had to give it.
/// </summary>
public sealed class Service : IAsyncDisposable
{
    public const string Issuer = "lexheller-bench";
    private static readonly byte[] SigningKey = Encoding.ASCII.GetBytes("lex-heller-bench-signing-key-256-bits!!");

    private readonly Process _process;

    private Service(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts the service; <paramref name="settings"/> are environment variables that override the defaults below (e.g. ASPNETCORE_ENVIRONMENT, rate limits).</summary>
    public static async Task<Service> StartAsync(string serviceDll, string databasePath, string workDirectory,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.GetFullPath(serviceDll), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(serviceDll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["App__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__LexHeller"] = $"Data Source={Path.GetFullPath(databasePath)}",
            ["Database__Provider"] = "sqlite",
            ["Demo__Seed"] = "true",
            ["DataProtection__KeysDirectory"] = Path.Combine(workDirectory, "keys"),
            ["Notifications__PickupDirectory"] = Path.Combine(workDirectory, "mail"),
            ["Authentication__Schemes__Bearer__ValidIssuer"] = Issuer,
            ["Authentication__Schemes__Bearer__ValidAudiences__0"] = Issuer,
            ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = Issuer,
            ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = Convert.ToBase64String(SigningKey),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment.Concat(settings ?? new Dictionary<string, string>()))
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("The service did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { Length: > 0 } text) Console.Error.WriteLine($"  service: {text}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new Service(process, new Uri($"http://127.0.0.1:{port}/"));
        await service.WaitUntilReadyAsync();
        return service;
    }

    /// <summary>
    /// Kills the service with SIGKILL (what <see cref="Process.Kill()"/> sends on Linux): no shutdown
    /// hooks, no flushing; only what SQLite had committed survives. Returns the exit code (137 = 128 + SIGKILL).
    /// </summary>
    public async Task<int> KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>Peak resident set size of the service process so far, in MiB (Linux /proc).</summary>
    public double PeakMemoryMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024;
        }

        return double.NaN;
    }

    /// <summary>An HS256 bearer token the service accepts (the bench key is configured above).</summary>
    public static string TokenFor(string role, string email)
    {
        static string Encode(object value) =>
            Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var unsigned = Encode(new { alg = "HS256", typ = "JWT" }) + "." + Encode(new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = Issuer, ["sub"] = email, ["email"] = email, ["role"] = role,
            ["nbf"] = now - 60, ["iat"] = now - 60, ["exp"] = now + 24 * 3600,
        });
        var signature = Convert.ToBase64String(HMACSHA256.HashData(SigningKey, Encoding.ASCII.GetBytes(unsigned)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return unsigned + "." + signature;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The service exited with code {_process.ExitCode}.");
            try
            {
                if ((await client.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The service was not ready within five minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
