namespace LexHeller.Domain.Insight;

/// <summary>
/// Small-count suppression (docs/domain.md#privacy): a count above zero but below the association's
/// threshold could point at a person, so it is not shown. Zero is shown: it says nothing about anyone.
/// In a table with totals, further counts are withheld so that a small one cannot be worked out
/// (<see cref="TableSuppression"/>); every withheld count is written the same way, <see cref="WithheldText"/>.
/// </summary>
public static class SmallCounts
{
    public static bool IsSuppressed(int count, int threshold) => count > 0 && count < threshold;

    /// <summary>The count as it may be shown: null when suppressed.</summary>
    public static int? Shown(int count, int threshold) => IsSuppressed(count, threshold) ? null : count;

    /// <summary>
    /// What stands in a table, a file or a chart for a withheld count, small or withheld to protect a small one alike
    /// (as in Swedish official statistics, "uppgift kan inte redovisas"). Not <c>&lt;3</c>: that would be untrue of a
    /// count withheld to protect another, and telling the two kinds apart would help an attacker narrow them down.
    /// </summary>
    public const string WithheldText = "..";

    /// <summary>The count as a CSV field: <see cref="WithheldText"/> when suppressed.</summary>
    public static string CsvText(int count, int threshold) =>
        IsSuppressed(count, threshold) ? WithheldText : count.ToString(CultureInfo.InvariantCulture);
}
