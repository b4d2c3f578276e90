using LexHeller.Domain.Insight;

namespace LexHeller.Api.Features.Statistics;

/// <summary>
/// Secondary suppression (<see cref="TableSuppression"/>) as the statistics apply it, so that no withheld count can
/// be worked out from the totals. Two tables of one filter share figures: the categories' totals and the grand total
/// stand in both the category table (its row totals) and, summed over the areas, the area table; and every table's
/// grand total is the number of reports. So those are settled first, the same way for both tables, from the
/// category totals alone (<see cref="CategoryTotals"/>), and each table takes them as given.
/// </summary>
public static class StatisticsSuppression
{
    /// <summary>Which category totals are withheld (index = category), and the grand total (index = count).</summary>
    public static IReadOnlyList<Withholding> CategoryTotals(IReadOnlyList<int> totals, int threshold) =>
        TableSuppression.ProtectLine(totals, threshold, GrandTotalAsSmallOnly(totals.Sum(), threshold, totals.Count));

    /// <summary>The grand total is withheld only when it is small, in every table, so that the tables agree on it.</summary>
    public static Dictionary<int, bool> GrandTotalAsSmallOnly(int grandTotal, int threshold, int index) =>
        new() { [index] = SmallCounts.IsSuppressed(grandTotal, threshold) };

    /// <summary>The shared figures as pinned cells of a table whose row totals (or column totals) are the category totals.</summary>
    public static Dictionary<(int Row, int Column), bool> Pinned(IReadOnlyList<Withholding> categoryTotals, int rows, int columns, bool categoriesAreRows)
    {
        var pinned = new Dictionary<(int, int), bool>();
        for (var category = 0; category < categoryTotals.Count - 1; category++)
            pinned[categoriesAreRows ? (category, columns) : (rows, category)] = categoryTotals[category] != Withholding.Shown;
        pinned[(rows, columns)] = categoryTotals[^1] != Withholding.Shown;
        return pinned;
    }

    public static CountCell Cell(int count, Withholding withholding) => CountCell.Of(count, withholding != Withholding.Shown);
}
