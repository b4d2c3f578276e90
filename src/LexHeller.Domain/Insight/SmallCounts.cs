using System.Globalization;

namespace LexHeller.Domain.Insight;

/// <summary>
/// Small-count suppression (DOMAIN.md, privacy): a count above zero but below the association's
/// threshold could point at a person, so it is not shown. Zero is shown: it says nothing about anyone.
/// </summary>
public static class SmallCounts
{
    public static bool IsSuppressed(int count, int threshold) => count > 0 && count < threshold;

    /// <summary>The count as it may be shown: null when suppressed.</summary>
    public static int? Shown(int count, int threshold) => IsSuppressed(count, threshold) ? null : count;

    /// <summary>The count as a CSV field: <c>&lt;3</c> (for a threshold of 3) when suppressed.</summary>
    public static string CsvText(int count, int threshold) =>
        IsSuppressed(count, threshold) ? SuppressedText(threshold) : count.ToString(CultureInfo.InvariantCulture);

    /// <summary>What stands in a table for a suppressed count: <c>&lt;3</c>.</summary>
    public static string SuppressedText(int threshold) => $"<{threshold.ToString(CultureInfo.InvariantCulture)}";
}
