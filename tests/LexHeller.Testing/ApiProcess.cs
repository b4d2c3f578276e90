using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace LexHeller.Testing;

/// <summary>
/// The built service (<c>LexHeller.Api.dll</c> beside the tests) run as its own process, as an operator or the
/// container image runs it: in Production, on SQLite in a directory of the test's own, with extra variables.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ApiProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => { if (line.Data is not null) _lines.Enqueue(line.Data); };
        _process.ErrorDataReceived += (_, line) => { if (line.Data is not null) _lines.Enqueue(line.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Every line written to standard output and error so far.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>
    /// Starts the service with <paramref name="arguments"/>; it runs until disposed (or until it exits by itself). It is
    /// started in the database's directory unless <paramref name="workingDirectory"/> names another.
    /// </summary>
    public static ApiProcess Start(string[] arguments, string databasePath, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null) =>
        new(Process.Start(StartInfo(arguments, databasePath, environment, workingDirectory))!);

    /// <summary>Runs a command (<c>migrate</c>, <c>health</c>…) to its end; its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string[] arguments, string databasePath,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var run = Start(arguments, databasePath, environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await run._process.WaitForExitAsync(timeout.Token);
        return (run._process.ExitCode, string.Join('\n', run.Lines));
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on (at the time of asking).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until a written line satisfies <paramref name="predicate"/>; null if none does within <paramref name="timeout"/>.</summary>
    public async Task<string?> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_lines.FirstOrDefault(predicate) is { } line)
                return line;
            await Task.Delay(100);
        }
        return null;
    }

    private static ProcessStartInfo StartInfo(string[] arguments, string databasePath, IReadOnlyDictionary<string, string>? environment,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(databasePath)!,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LexHeller.Api.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "sqlite";
        start.Environment["ConnectionStrings__LexHeller"] = $"Data Source={databasePath}";
        start.Environment["DataProtection__KeysDirectory"] = Path.Combine(Path.GetDirectoryName(databasePath)!, "keys");
        start.Environment["App__PublicBaseUrl"] = "https://avvikelser.example.se";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return start;
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
