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
/// interval sort as text in time order. The database counts per day; months, quarters and years are rolled
/// up from dates here, so the SQL stays the same for every interval.
/// </summary>
public static class Periods
{
    public static string KeyOf(DateOnly date, Interval interval) => KeyOf(date.Year, date.Month, interval);

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
}
