using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace LexHeller.Testing;

/// <summary>
/// A node script that a test starts (a local SMTP server, an OpenID Connect provider, …): started with its
/// arguments, ready once it prints an agreed line on stdout, killed with its children when disposed.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyLine;

    private NodeProcess(Process process, string readyLine)
    {
        _process = process;
        _readyLine = readyLine;
    }

    /// <summary>The node executable on the PATH, or null when there is none.</summary>
    public static string? Executable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .SelectMany(directory => new[] { Path.Combine(directory, "node"), Path.Combine(directory, "node.exe") })
        .FirstOrDefault(File.Exists);

    /// <summary>
    /// Why the scripts in <paramref name="directory"/> cannot run here (no node, or npm's
    /// <paramref name="package"/> not installed in its node_modules), or null when they can.
    /// </summary>
    public static string? Unavailable(string directory, string package, string what)
    {
        if (Executable is null)
            return $"node is not installed, so {what} cannot run.";
        if (!File.Exists(Path.Combine(directory, "node_modules", package, "package.json")))
            return $"npm's {package} is not installed: run `npm ci --prefix {directory}` (test.sh does).";
        return null;
    }

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Runs <c>node script arguments…</c> and waits until it prints <paramref name="readyLine"/>; throws with
    /// what it printed when it exits or stays silent instead.
    /// </summary>
    public static async Task<NodeProcess> StartAsync(string script, IEnumerable<string> arguments, string readyLine, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("node is not installed."), [script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script),
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var node = new NodeProcess(process, readyLine);
        process.OutputDataReceived += (_, line) => node.Received(line.Data, fromStandardOutput: true);
        process.ErrorDataReceived += (_, line) => node.Received(line.Data, fromStandardOutput: false);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await node._ready.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(15));
            return node;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            await node.DisposeAsync();
            throw new InvalidOperationException(
                $"node {Path.GetFileName(script)} did not print '{readyLine}': {exception.Message}{Environment.NewLine}{node.Output()}", exception);
        }
    }

    /// <summary>What the script printed so far, stdout and stderr together.</summary>
    public string Output()
    {
        lock (_output)
            return _output.ToString();
    }

    /// <summary>Kills the script and its children and waits until they are gone.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Received(string? line, bool fromStandardOutput)
    {
        if (line is null)
        {
            if (fromStandardOutput)
                _ready.TrySetException(new InvalidOperationException("it closed its output."));
            return;
        }

        lock (_output)
            _output.AppendLine(line);
        if (fromStandardOutput && line == _readyLine)
            _ready.TrySetResult();
    }
}
