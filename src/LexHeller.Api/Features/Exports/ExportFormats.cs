using LexHeller.Api.Features.Statistics;

namespace LexHeller.Api.Features.Exports;

public enum ExportFormat
{
    Csv,
    Json,
}

/// <summary><c>;</c> by default: Excel set to Swedish splits on it (and reads a decimal comma); <c>,</c> for everything else.</summary>
public enum CsvDelimiter
{
    Semicolon,
    Comma,
}

/// <summary>What every export takes besides the statistics filter: the format and, for CSV, the delimiter.</summary>
public interface IExportRequest : IStatisticsFilter
{
    string? Format { get; }
    string? Delimiter { get; }
}

public abstract class ExportRequestValidator<TQuery> : StatisticsFilterValidator<TQuery>
    where TQuery : IExportRequest
{
    protected ExportRequestValidator(TimeProvider time) : base(time)
    {
        RuleFor(query => query.Format).Must(format => format is null || Codes.TryParse<ExportFormat>(format, out _))
            .WithMessage($"format must be one of: {string.Join(", ", Codes.All<ExportFormat>())}.");
        RuleFor(query => query.Delimiter).Must(delimiter => delimiter is null || Codes.TryParse<CsvDelimiter>(delimiter, out _))
            .WithMessage($"delimiter must be one of: {string.Join(", ", Codes.All<CsvDelimiter>())}.");
    }
}

/// <summary>How an export is written, read from a checked request.</summary>
public sealed record ExportLayout(ExportFormat Format, CsvDelimiter Delimiter)
{
    public static ExportLayout Of(IExportRequest request) => new(
        request.Format is null ? ExportFormat.Csv : Codes.Parse<ExportFormat>(request.Format),
        request.Delimiter is null ? CsvDelimiter.Semicolon : Codes.Parse<CsvDelimiter>(request.Delimiter));

    public char DelimiterCharacter => Delimiter == CsvDelimiter.Comma ? ',' : ';';

    /// <summary>Decimals follow the delimiter: a decimal comma with <c>;</c> (as Swedish Excel reads them), a point with <c>,</c>.</summary>
    public string Number(double value) => value.ToString(Delimiter == CsvDelimiter.Comma ? CultureInfo.InvariantCulture : DecimalComma);

    public string ContentType => Format == ExportFormat.Csv ? "text/csv; charset=utf-8; header=present" : "application/json; charset=utf-8";

    /// <summary><c>attachment; filename=lexheller-reports-hoglandet-2025-12-01-2026-11-24.csv</c></summary>
    public string ContentDisposition(string what, FilterEcho filter) => string.Create(CultureInfo.InvariantCulture,
        $"attachment; filename=lexheller-{what}-{filter.AssociationCode}{(filter.AreaCode is null ? "" : "-" + filter.AreaCode)}-{filter.From:yyyy-MM-dd}-{filter.To:yyyy-MM-dd}.{(Format == ExportFormat.Csv ? "csv" : "json")}");

    // Not sv-SE itself, whose minus sign is U+2212 under ICU; only the decimal separator changes.
    private static readonly NumberFormatInfo DecimalComma = new() { NumberDecimalSeparator = "," };
}
