namespace LexHeller.Api.Features.Exports;

/// <summary>Values as CSV text: dates <c>2026-11-24</c>, instants <c>2026-11-24T09:00:00Z</c> (UTC), integers without separators.</summary>
public static class ExportText
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Instant(DateTimeOffset? instant) =>
        instant?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Integer(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
