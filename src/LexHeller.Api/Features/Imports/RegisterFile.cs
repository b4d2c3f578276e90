using System.Text;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace LexHeller.Api.Features.Imports;

/// <summary>One cell of a register: its text as the sheet shows it, and its date when the sheet holds it as a date cell.</summary>
public readonly record struct RegisterCell(string Text, DateTime? Date = null)
{
    public static RegisterCell Empty { get; } = new("");

    public bool IsEmpty => Text.Length == 0 && Date is null;
}

/// <summary>A row of a register: its number as a spreadsheet shows it (the header is row 1) and its cells by column.</summary>
public sealed record RegisterRow(int Number, IReadOnlyList<RegisterCell> Cells)
{
    public RegisterCell this[int column] => column < Cells.Count ? Cells[column] : RegisterCell.Empty;

    public bool IsBlank => Cells.All(cell => cell.IsEmpty);
}

/// <summary>An association's old register as read from a file: the header row's column names and the rows below it.</summary>
public sealed record RegisterSheet(IReadOnlyList<string> Headers, IReadOnlyList<RegisterRow> Rows);

/// <summary>
/// Reads a register from CSV (RFC 4180, with Sep) or XLSX (the first worksheet, with MiniExcel). CSV is UTF-8
/// with or without a byte order mark, as Excel's "CSV UTF-8" writes it; a file that is not valid UTF-8 is read
/// as Windows-1252, as Swedish Excel's plain "CSV (semikolonavgränsad)" writes it. The separator is the one
/// of <c>;</c> and <c>,</c> that the header row holds more of (Swedish Excel writes <c>;</c>).
/// </summary>
public static class RegisterFile
{
    public const string CsvContentType = "text/csv";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Rows of data a register may have; a larger file is refused whole.</summary>
    public const int MaxRows = 20_000;

    /// <summary>Columns a register may have.</summary>
    public const int MaxColumns = 200;

    public enum Format
    {
        Csv,
        Xlsx,
    }

    /// <summary>The format a content type names (parameters such as <c>charset</c> ignored), or null.</summary>
    public static Format? FormatOf(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim();
        return mediaType switch
        {
            _ when string.Equals(mediaType, CsvContentType, StringComparison.OrdinalIgnoreCase) => Format.Csv,
            _ when string.Equals(mediaType, XlsxContentType, StringComparison.OrdinalIgnoreCase) => Format.Xlsx,
            _ => null,
        };
    }

    /// <summary>The format a file's name says (<c>.csv</c>, <c>.xlsx</c>), or null.</summary>
    public static Format? FormatOfFileName(string? fileName) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".csv" => Format.Csv,
        ".xlsx" => Format.Xlsx,
        _ => null,
    };

    /// <summary>The register in <paramref name="content"/>; a file that cannot be read is a <see cref="RegisterFileException"/>.</summary>
    public static RegisterSheet Read(byte[] content, Format format)
    {
        var rows = format == Format.Csv ? ReadCsv(content) : ReadXlsx(content);
        if (rows.Count == 0 || rows[0].IsBlank)
            throw new RegisterFileException("The file has no header row: its first row must name the columns.",
                "Filen saknar rubrikrad: första raden ska ange kolumnernas namn.");

        var headers = rows[0].Cells.Select(cell => cell.Text.Trim()).ToList();
        while (headers.Count > 0 && headers[^1].Length == 0)
            headers.RemoveAt(headers.Count - 1);
        if (headers.Count > MaxColumns)
            throw new RegisterFileException($"The file has {headers.Count} columns; a register may have at most {MaxColumns}.",
                $"Filen har {headers.Count} kolumner; ett register får ha högst {MaxColumns}.");

        var data = rows.Skip(1).Where(row => !row.IsBlank).ToList();
        if (data.Count > MaxRows)
            throw new RegisterFileException($"The file has {data.Count} rows; import at most {MaxRows} at a time.",
                $"Filen har {data.Count} rader; importera högst {MaxRows} åt gången.");
        return new RegisterSheet(headers, data);
    }

    private static List<RegisterRow> ReadCsv(byte[] content)
    {
        var text = Decode(content);
        var separator = DetectSeparator(text);
        var rows = new List<RegisterRow>();
        try
        {
            using var reader = Sep.New(separator)
                .Reader(options => options with { HasHeader = false, Unescape = true, DisableColCountCheck = true })
                .FromText(text);
            foreach (var row in reader)
            {
                if (rows.Count > MaxRows + 1)
                    break;
                var cells = new RegisterCell[Math.Min(row.ColCount, MaxColumns + 1)];
                for (var column = 0; column < cells.Length; column++)
                    cells[column] = new RegisterCell(row[column].ToString());
                rows.Add(new RegisterRow(rows.Count + 1, cells));
            }
        }
        catch (Exception exception) when (exception is not RegisterFileException and not OutOfMemoryException)
        {
            throw new RegisterFileException("The file could not be read as CSV (RFC 4180): check that every quoted value is closed.",
                "Filen gick inte att läsa som CSV. Kontrollera att varje citattecken avslutas.");
        }

        return rows;
    }

    /// <summary>UTF-8 (a byte order mark is skipped); bytes that are not UTF-8 are read as Windows-1252.</summary>
    private static string Decode(byte[] content)
    {
        var bytes = content.AsSpan();
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }

    /// <summary>The separator of the first record: <c>;</c> or <c>,</c>, whichever occurs more often outside quotes (<c>;</c> on a tie).</summary>
    private static char DetectSeparator(string text)
    {
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var ch in text)
        {
            if (ch == '"')
                quoted = !quoted;
            else if (!quoted && ch is '\n' or '\r')
                break;
            else if (!quoted && ch == ';')
                semicolons++;
            else if (!quoted && ch == ',')
                commas++;
        }

        return commas > semicolons ? ',' : ';';
    }

    private static List<RegisterRow> ReadXlsx(byte[] content)
    {
        var rows = new List<RegisterRow>();
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                if (rows.Count > MaxRows + 1)
                    break;
                // MiniExcel keys the cells by column letter (A, B, …, AA) in order, and yields empty rows for gaps.
                var cells = row.Values.Take(MaxColumns + 1).Select(CellOf).ToArray();
                rows.Add(new RegisterRow(rows.Count + 1, cells));
            }
        }
        catch (Exception exception) when (exception is not RegisterFileException and not OutOfMemoryException)
        {
            throw new RegisterFileException("The file could not be read as an XLSX workbook.", "Filen gick inte att läsa som en Excel-arbetsbok (XLSX).");
        }

        return rows;
    }

    private static RegisterCell CellOf(object? value) => value switch
    {
        null => RegisterCell.Empty,
        DateTime date => new RegisterCell(date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), date),
        double number => new RegisterCell(number.ToString(CultureInfo.InvariantCulture)),
        decimal number => new RegisterCell(number.ToString(CultureInfo.InvariantCulture)),
        bool flag => new RegisterCell(flag ? "TRUE" : "FALSE"),
        IFormattable formattable => new RegisterCell(formattable.ToString(null, CultureInfo.InvariantCulture)),
        _ => new RegisterCell(value.ToString() ?? ""),
    };
}

/// <summary>A file that cannot be imported at all (unreadable, no header, too large): a 400 on the field <c>file</c>.</summary>
public sealed class RegisterFileException(string message, string messageSv) : Exception(message)
{
    /// <summary>The same in Swedish, for the upload page.</summary>
    public string MessageSv { get; } = messageSv;

    /// <summary>The refusal (400) on <paramref name="field"/>; the Swedish message rides along as the failure's custom state.</summary>
    public ValidationException ToValidation(string field) =>
        new([new FluentValidation.Results.ValidationFailure(field, Message) { CustomState = MessageSv }]);
}
