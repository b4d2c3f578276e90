using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using LexHeller.Testing;

namespace LexHeller.Api.Tests.Notifications;

/// <summary>
/// A real SMTP server on 127.0.0.1: npm's smtp-server, run by node from <c>smtp-sink/</c>. It records
/// each message it accepts (Message-ID, recipients) as a JSON line, and can be stopped and started
/// again on the same port to play an outage.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lexheller-smtp-sink-");
    private readonly StringBuilder _errors = new();
    private Process? _process;

    public SmtpSink()
    {
        Port = FreePort();
        OutputFile = Path.Combine(_directory.FullName, "received.jsonl");
    }

    public static string SinkDirectory => Repository.PathOf("tests", "LexHeller.Api.Tests", "Notifications", "smtp-sink");

    public int Port { get; }

    public string OutputFile { get; }

    /// <summary>Why the sink cannot run on this machine, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (FindNode() is null)
            return "node is not installed, so the test SMTP server cannot run.";
        if (!File.Exists(Path.Combine(SinkDirectory, "node_modules", "smtp-server", "package.json")))
            return $"npm's smtp-server is not installed: run `npm ci --prefix {SinkDirectory}` (test.sh does).";
        return null;
    }

    public async Task StartAsync()
    {
        if (_process is not null)
            throw new InvalidOperationException("The sink is running already.");

        var start = new ProcessStartInfo(FindNode()!, [Path.Combine(SinkDirectory, "smtp-sink.js"), Port.ToString(System.Globalization.CultureInfo.InvariantCulture), OutputFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process.ErrorDataReceived += (_, line) =>
        {
            lock (_errors)
                _errors.AppendLine(line.Data);
        };
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var ready = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        if (ready != $"listening {Port}")
            throw new InvalidOperationException($"The SMTP sink did not start: '{ready}'. {Errors()}");
    }

    /// <summary>Kills the server: connections are refused until it is started again.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public IReadOnlyList<ReceivedMessage> Received() => File.Exists(OutputFile)
        ? [.. File.ReadAllLines(OutputFile).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<ReceivedMessage>(line, JsonSerializerOptions.Web)!)]
        : [];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Delete(recursive: true);
    }

    private string Errors()
    {
        lock (_errors)
            return _errors.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => new[] { Path.Combine(directory, "node"), Path.Combine(directory, "node.exe") })
            .FirstOrDefault(File.Exists);

    public sealed record ReceivedMessage(string? MessageId, IReadOnlyList<string> Recipients, string? Subject);
}
