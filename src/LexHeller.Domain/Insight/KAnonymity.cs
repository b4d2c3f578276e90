namespace LexHeller.Domain.Insight;

/// <summary>How finely the dates and times of a generalised file are given.</summary>
public enum DatePrecision
{
    Day,
    Month,
    Quarter,
    Year,
}

/// <summary>
/// One level of global recoding of a per-report file: every date and time to <see cref="Dates"/>, and the area kept
/// or replaced by the whole association. Days between two dates (lead times) go with the dates: exact at
/// <see cref="DatePrecision.Day"/>, else in bands of 30, 90 or 365 days (<c>30-59</c>), since an exact number of
/// days beside two months would give the days back.
/// </summary>
public sealed record Generalisation(DatePrecision Dates, bool WholeAssociation)
{
    /// <summary>The levels from the finest to the coarsest: dates first (day, month, quarter, year), the area within each.</summary>
    public static IReadOnlyList<Generalisation> FinestFirst { get; } =
    [
        .. Enum.GetValues<DatePrecision>().SelectMany(dates => new[] { new Generalisation(dates, false), new Generalisation(dates, true) }),
    ];

    /// <summary><c>2026-11-24</c>, <c>2026-11</c>, <c>2026-Q4</c> or <c>2026</c>.</summary>
    public string Date(DateOnly date) => Dates switch
    {
        DatePrecision.Day => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DatePrecision.Month => Periods.KeyOf(date, Interval.Month),
        DatePrecision.Quarter => Periods.KeyOf(date, Interval.Quarter),
        _ => Periods.KeyOf(date, Interval.Year),
    };

    public string? Date(DateOnly? date) => date is { } value ? Date(value) : null;

    /// <summary>
    /// The period a date falls in at this precision, as a number (the day's number, or the month, quarter or year counted
    /// from year 0): two dates have the same <see cref="Date(DateOnly)"/> exactly when they have the same period.
    /// </summary>
    public int Period(DateOnly date) => Dates switch
    {
        DatePrecision.Day => date.DayNumber,
        DatePrecision.Month => date.Year * 12 + date.Month - 1,
        DatePrecision.Quarter => date.Year * 4 + (date.Month - 1) / 3,
        _ => date.Year,
    };

    public int? Period(DateOnly? date) => date is { } value ? Period(value) : null;

    /// <summary>An exact number of days at day precision (<c>12</c>), else its band (<c>0-29</c>, <c>90-179</c>, <c>0-364</c>).</summary>
    public string? Days(int? days)
    {
        if (BandStart(days) is not { } start)
            return null;
        var width = BandWidth;
        return width == 1
            ? start.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{start}-{start + width - 1}");
    }

    /// <summary>The first day of the band <paramref name="days"/> falls in (the days themselves at day precision): equal exactly when <see cref="Days"/> is.</summary>
    public int? BandStart(int? days) => days is { } value ? (int)Math.Floor(value / (double)BandWidth) * BandWidth : null;

    private int BandWidth => Dates switch
    {
        DatePrecision.Day => 1,
        DatePrecision.Month => 30,
        DatePrecision.Quarter => 90,
        _ => 365,
    };
}

/// <summary>
/// k-anonymity of a per-report file by global recoding: every row shares its quasi-identifiers (what someone may
/// know about a report from elsewhere: where, when, who reported, who was involved, what kind and category) with
/// at least k − 1 other rows of the file, k being the association's suppression threshold. The whole file is
/// generalised to one level (<see cref="Generalisation.FinestFirst"/>), the finest at which at most
/// <see cref="AcceptableWithheldShare"/> of the rows must be left out, or else the one leaving out fewest; rows
/// whose class is still smaller than k are left out, and the file says how many.
/// </summary>
public static class KAnonymity
{
    public const double AcceptableWithheldShare = 0.05;

    /// <summary>
    /// The level to generalise to, given the sizes of the classes of equal quasi-identifiers at each level
    /// (<paramref name="classSizes"/>), and how many rows it leaves out.
    /// </summary>
    public static (Generalisation Level, int Withheld) Choose(Func<Generalisation, IEnumerable<int>> classSizes, int k)
    {
        ArgumentNullException.ThrowIfNull(classSizes);
        (Generalisation Level, int Withheld)? fewest = null;
        foreach (var level in Generalisation.FinestFirst)
        {
            int rows = 0, withheld = 0;
            foreach (var size in classSizes(level))
            {
                rows += size;
                if (size < k)
                    withheld += size;
            }

            if (withheld <= AcceptableWithheldShare * rows)
                return (level, withheld);
            if (fewest is null || withheld < fewest.Value.Withheld)
                fewest = (level, withheld);
        }

        return fewest!.Value;
    }
}
