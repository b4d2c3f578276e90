namespace LexHeller.Domain.Insight;

/// <summary>A closed range of days, both ends included.</summary>
public readonly record struct DateSpan(DateOnly First, DateOnly Last)
{
    public bool Contains(DateOnly day) => day >= First && day <= Last;
}

/// <summary>Whether a pattern occurs more often now than in the window before.</summary>
public enum PatternTrend
{
    Rising,
    Falling,
    Steady,
}

/// <summary>
/// The rolling window patterns are counted in: the <see cref="Days"/> days that end today (today
/// included), and the equally long window just before it, which the trend compares against. Reports
/// are counted by their event date.
/// </summary>
public sealed record PatternWindow
{
    public const int MinDays = 1;
    public const int MaxDays = 730;

    public PatternWindow(DateOnly today, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, MinDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        Today = today;
        Days = days;
    }

    public DateOnly Today { get; }

    public int Days { get; }

    public DateSpan Current => new(Today.AddDays(-Days + 1), Today);

    public DateSpan Previous => new(Today.AddDays(-2 * Days + 1), Today.AddDays(-Days));

    public static PatternTrend TrendOf(int currentCount, int previousCount) =>
        currentCount > previousCount ? PatternTrend.Rising
        : currentCount < previousCount ? PatternTrend.Falling
        : PatternTrend.Steady;

    /// <summary>
    /// Whether a pattern found over its threshold today is new, so that its steering group is told:
    /// it never was over it, or the last day it was is more than a whole window ago (it lapsed and
    /// came back). A pattern seen over its threshold within the window is the same pattern still.
    /// </summary>
    public bool IsNew(DateOnly? lastDetectedOn) => lastDetectedOn is not { } last || last < Today.AddDays(-Days);
}
