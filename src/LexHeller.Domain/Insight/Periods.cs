using System.Globalization;

namespace LexHeller.Domain.Insight;

/// <summary>How statistics group event dates: by calendar month, quarter or year.</summary>
public enum Interval
{
    Month,
    Quarter,
    Year,
}

/// <summary>
/// Period keys: <c>2026-11</c> (month), <c>2026-Q4</c> (quarter), <c>2026</c> (year). Keys of one
/// interval sort as text in time order. The database groups by month; quarters and years are rolled
/// up from month keys here, so the SQL stays the same for every interval.
/// </summary>
public static class Periods
{
    public static string KeyOf(DateOnly date, Interval interval) => KeyOf(date.Year, date.Month, interval);

    /// <summary>The key of the period that holds the month <c>yyyy-MM</c>.</summary>
    public static string KeyOfMonth(string monthKey, Interval interval)
    {
        if (!TryParseMonth(monthKey, out var year, out var month))
            throw new FormatException($"'{monthKey}' is not a month key (yyyy-MM).");
        return KeyOf(year, month, interval);
    }

    /// <summary>Every period from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>, in order, empty ones included.</summary>
    public static IReadOnlyList<string> Between(DateOnly from, DateOnly to, Interval interval)
    {
        if (to < from)
            throw new ArgumentException("The period ends before it starts.", nameof(to));

        var keys = new List<string>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var key = KeyOf(month, interval);
            if (keys.Count == 0 || keys[^1] != key)
                keys.Add(key);
        }

        return keys;
    }

    private static string KeyOf(int year, int month, Interval interval) => interval switch
    {
        Interval.Month => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}"),
        Interval.Quarter => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-Q{(month + 2) / 3}"),
        Interval.Year => year.ToString("D4", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, null),
    };

    private static bool TryParseMonth(string key, out int year, out int month)
    {
        year = month = 0;
        return key is { Length: 7 } && key[4] == '-'
            && int.TryParse(key.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year)
            && int.TryParse(key.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month)
            && month is >= 1 and <= 12;
    }
}
