using System.Text;

namespace LexHeller.Api.Features.Exports;

/// <summary>
/// RFC 4180 text written straight to a stream: UTF-8 with a byte-order mark (so Excel reads å, ä and ö),
/// CRLF after every row, a field quoted when it holds the delimiter, a quote, CR or LF, and quotes
/// inside doubled. Each row is written asynchronously through a small buffer, so memory stays the same
/// however many rows there are, and nothing is ever written synchronously (Kestrel forbids it).
/// </summary>
public sealed class CsvWriter(Stream body, char delimiter) : IAsyncDisposable
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    // The response owns the body: leave it open.
    private readonly StreamWriter _writer = new(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
    private readonly StringBuilder _row = new();
    private int _fields;

    public void Field(string? value)
    {
        if (_fields++ > 0)
            _row.Append(delimiter);
        if (string.IsNullOrEmpty(value))
            return;

        if (value.AsSpan().IndexOfAny(['"', '\r', '\n', delimiter]) < 0)
        {
            _row.Append(value);
            return;
        }

        _row.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public async Task WriteByteOrderMarkAsync(CancellationToken cancellationToken) =>
        await body.WriteAsync(ByteOrderMark, cancellationToken);

    public async Task EndRowAsync(CancellationToken cancellationToken)
    {
        _row.Append("\r\n");
        await _writer.WriteAsync(_row, cancellationToken);
        _row.Clear();
        _fields = 0;
    }

    public async Task WriteRowAsync(IEnumerable<string?> fields, CancellationToken cancellationToken)
    {
        foreach (var field in fields)
            Field(field);
        await EndRowAsync(cancellationToken);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _writer.DisposeAsync();
}
