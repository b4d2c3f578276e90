using System.Text;

namespace LexHeller.Api.Features.Exports;

/// <summary>
/// RFC 4180 text written straight to a stream: UTF-8 with a byte-order mark (so Excel reads å, ä and ö),
/// CRLF after every row, a field quoted when it holds the delimiter, a quote, CR or LF, and quotes
/// inside doubled. Rows gather in a small buffer that is written asynchronously whenever it passes
/// 16 KB, so memory stays the same however many rows there are, most rows cost no await, and nothing
/// is ever written synchronously (Kestrel forbids it).
/// </summary>
public sealed class CsvWriter(Stream body, char delimiter) : IAsyncDisposable
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    private const int BufferedCharacters = 16 * 1024;

    // The response owns the body: leave it open.
    private readonly StreamWriter _writer = new(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: BufferedCharacters, leaveOpen: true);

    private readonly StringBuilder _rows = new(BufferedCharacters + 1024);
    private int _fields;

    public void Field(string? value)
    {
        if (_fields++ > 0)
            _rows.Append(delimiter);
        if (string.IsNullOrEmpty(value))
            return;

        if (value.AsSpan().IndexOfAny(['"', '\r', '\n', delimiter]) < 0)
        {
            _rows.Append(value);
            return;
        }

        _rows.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public async Task WriteByteOrderMarkAsync(CancellationToken cancellationToken) =>
        await body.WriteAsync(ByteOrderMark, cancellationToken);

    public async ValueTask EndRowAsync(CancellationToken cancellationToken)
    {
        _rows.Append("\r\n");
        _fields = 0;
        if (_rows.Length >= BufferedCharacters)
            await WriteBufferedAsync(cancellationToken);
    }

    private async ValueTask WriteBufferedAsync(CancellationToken cancellationToken)
    {
        await _writer.WriteAsync(_rows, cancellationToken);
        _rows.Clear();
    }

    public async ValueTask WriteRowAsync(IEnumerable<string?> fields, CancellationToken cancellationToken)
    {
        foreach (var field in fields)
            Field(field);
        await EndRowAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await WriteBufferedAsync(CancellationToken.None);
        await _writer.DisposeAsync();
    }
}
