namespace LexHeller.Testing;

/// <summary>
/// A running SMTP server that tests send to and read back (tests/LexHeller.Api.Tests' <c>SmtpSink</c>, npm's
/// smtp-server), seen through what a storage contract needs of it: its port and each message it accepted.
/// </summary>
public sealed class MailSink(int port, Func<IEnumerable<(string? MessageId, IReadOnlyList<string> Recipients)>> received, IAsyncDisposable owner)
    : IAsyncDisposable
{
    public int Port => port;

    /// <summary>Every message accepted so far, in order: its Message-ID header and its recipients.</summary>
    public IReadOnlyList<(string? MessageId, IReadOnlyList<string> Recipients)> Received() => [.. received()];

    public ValueTask DisposeAsync() => owner.DisposeAsync();
}
