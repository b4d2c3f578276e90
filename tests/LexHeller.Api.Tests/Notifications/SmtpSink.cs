using System.Globalization;
using System.Text.Json;

namespace LexHeller.Api.Tests.Notifications;

/// <summary>
/// A real SMTP server on 127.0.0.1: npm's smtp-server, run by node from <c>smtp-sink/</c>. It records
/// each message it accepts (Message-ID, recipients) as a JSON line, and can be stopped and started
/// again on the same port to play an outage.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lexheller-smtp-sink-");
    private NodeProcess? _process;

    public SmtpSink()
    {
        Port = NodeProcess.FreeLoopbackPort();
        OutputFile = Path.Combine(_directory.FullName, "received.jsonl");
    }

    public static string SinkDirectory => Repository.PathOf("tests", "LexHeller.Api.Tests", "Notifications", "smtp-sink");

    public int Port { get; }

    public string OutputFile { get; }

    /// <summary>Why the sink cannot run on this machine, or null when it can.</summary>
    public static string? Unavailable() => NodeProcess.Unavailable(SinkDirectory, "smtp-server", "the test SMTP server");

    public async Task StartAsync()
    {
        if (_process is not null)
            throw new InvalidOperationException("The sink is running already.");

        _process = await NodeProcess.StartAsync(Path.Combine(SinkDirectory, "smtp-sink.js"),
            [Port.ToString(CultureInfo.InvariantCulture), OutputFile], $"listening {Port}");
    }

    /// <summary>Kills the server: connections are refused until it is started again.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;

        await _process.DisposeAsync();
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

    /// <summary>A message as the sink recorded it; <paramref name="Raw"/> is the whole message (headers and body) as received.</summary>
    public sealed record ReceivedMessage(string? MessageId, IReadOnlyList<string> Recipients, string? Subject, string? Raw = null);
}
