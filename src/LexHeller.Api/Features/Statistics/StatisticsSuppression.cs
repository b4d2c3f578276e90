namespace LexHeller.Api.Features.Statistics;

/// <summary>
/// Secondary suppression (<see cref="TableSuppression"/>) as the statistics apply it, so that no withheld count can
/// be worked out from the totals. The tables of one filter share figures: the categories' totals and the grand
/// total stand in the category table at every interval (its row totals) and, summed over the areas, in the area
/// table; and every table's grand total is the number of reports. An attacker has all of them, so a category total
/// must be withheld in all or in none. It is settled here, the same way for every table, from the counts per category
/// and month and per area and category (<see cref="CategoryTotals"/>): a category total is withheld when it is small,
/// or when any of those tables (by month, quarter, year, area) or the line of category totals needs it withheld to
/// protect a small count, until none needs another; the grand total only when it is small. Each table then takes
/// them as given.
/// </summary>
public static class StatisticsSuppression
{
    /// <summary>The counts both kinds of table are built from.</summary>
    public sealed record Counts(
        IReadOnlyDictionary<(string Category, int Month), int> ByCategoryAndMonth,
        IReadOnlyDictionary<(Guid Area, string Category), int> ByAreaAndCategory);

    /// <summary>Reads the counts per category and month (yyyymm) and per area and category of the filter.</summary>
    public static async Task<Counts> ReadAsync(DbSession session, ResolvedFilter filter, CancellationToken cancellationToken)
    {
        var byMonth = (await session.QueryAsync<MonthRow>(GetCategoryStatistics.CountsByCategoryAndMonth,
                GetCategoryStatistics.Arguments(filter), cancellationToken))
            .ToDictionary(row => (row.Category, row.EventMonth), row => row.Count);
        var byArea = (await session.QueryAsync<AreaRow>(GetAreaStatistics.CountsByAreaAndCategory,
                filter.Arguments, cancellationToken))
            .ToDictionary(row => (row.AreaId, row.Category), row => row.Count);
        return new Counts(byMonth, byArea);
    }

    /// <summary>
    /// Which category totals are withheld (index = category, in <paramref name="categories"/>' order) and, at index
    /// <c>categories.Count</c>, the grand total: the same for every table of the filter (see the class).
    /// </summary>
    public static IReadOnlyList<Withholding> CategoryTotals(IReadOnlyList<string> categories, IReadOnlyList<Guid> areas, Counts counts,
        DateOnly from, DateOnly to, int threshold)
    {
        var tables = new List<(int[,] Table, bool CategoriesAreRows)>();
        foreach (var interval in Enum.GetValues<Interval>())
        {
            var periods = Periods.Between(from, to, interval);
            var table = new int[categories.Count, periods.Count];
            var column = periods.Select((period, index) => (period, index)).ToDictionary(pair => pair.period, pair => pair.index);
            foreach (var ((category, month), count) in counts.ByCategoryAndMonth)
            {
                var row = IndexOf(categories, category);
                if (row >= 0)
                    table[row, column[Periods.KeyOf(new DateOnly(month / 100, month % 100, 1), interval)]] += count;
            }

            tables.Add((table, true));
        }

        var byArea = new int[areas.Count, categories.Count];
        for (var row = 0; row < areas.Count; row++)
        {
            for (var column = 0; column < categories.Count; column++)
                byArea[row, column] = counts.ByAreaAndCategory.GetValueOrDefault((areas[row], categories[column]));
        }

        tables.Add((byArea, false));

        var totals = categories.Select(category => counts.ByCategoryAndMonth.Where(pair => pair.Key.Category == category).Sum(pair => pair.Value)).ToArray();
        var withheld = totals.Select(total => SmallCounts.IsSuppressed(total, threshold)).ToArray();
        var grandWithheld = SmallCounts.IsSuppressed(totals.Sum(), threshold);
        for (var changed = true; changed;)
        {
            changed = false;
            var line = TableSuppression.ProtectLine(totals, threshold, Pins(withheld, grandWithheld, complete: false)
                .ToDictionary(pair => pair.Key, pair => pair.Value));
            for (var category = 0; category < categories.Count; category++)
                changed |= Withhold(withheld, category, line[category] != Withholding.Shown);

            foreach (var (table, categoriesAreRows) in tables)
            {
                var protectedTable = TableSuppression.Protect(table, threshold, TableMargins.All,
                    Pinned(withheld, grandWithheld, table.GetLength(0), table.GetLength(1), categoriesAreRows, complete: false));
                for (var category = 0; category < categories.Count; category++)
                {
                    changed |= Withhold(withheld, category, categoriesAreRows
                        ? protectedTable.IsRowTotalWithheld(category)
                        : protectedTable.IsColumnTotalWithheld(category));
                }
            }
        }

        return [.. withheld.Select(value => value ? Withholding.Complement : Withholding.Shown), grandWithheld ? Withholding.Small : Withholding.Shown];
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var index = 0; index < list.Count; index++)
        {
            if (list[index] == value)
                return index;
        }

        return -1;
    }

    private static bool Withhold(bool[] withheld, int category, bool needed)
    {
        if (!needed || withheld[category])
            return false;
        withheld[category] = true;
        return true;
    }

    /// <summary>The category totals pinned by index (and the grand total at the last index): only the withheld ones unless <paramref name="complete"/>.</summary>
    private static IEnumerable<KeyValuePair<int, bool>> Pins(bool[] withheld, bool grandWithheld, bool complete) =>
        withheld.Select((value, index) => KeyValuePair.Create(index, value)).Where(pair => complete || pair.Value)
            .Append(KeyValuePair.Create(withheld.Length, grandWithheld));

    private static Dictionary<(int Row, int Column), bool> Pinned(bool[] withheld, bool grandWithheld, int rows, int columns, bool categoriesAreRows, bool complete) =>
        Pins(withheld, grandWithheld, complete).ToDictionary(
            pair => pair.Key == withheld.Length ? (rows, columns) : categoriesAreRows ? (pair.Key, columns) : (rows, pair.Key),
            pair => pair.Value);

    /// <summary>The settled category totals and grand total as pinned cells of a table whose rows (or columns) are the categories.</summary>
    public static Dictionary<(int Row, int Column), bool> Pinned(IReadOnlyList<Withholding> categoryTotals, int rows, int columns, bool categoriesAreRows) =>
        Pinned([.. categoryTotals.Take(categoryTotals.Count - 1).Select(total => total != Withholding.Shown)], categoryTotals[^1] != Withholding.Shown,
            rows, columns, categoriesAreRows, complete: true);

    public static CountCell Cell(int count, Withholding withholding) => CountCell.Of(count, withholding != Withholding.Shown);

    private sealed class MonthRow
    {
        public int EventMonth { get; init; }
        public string Category { get; init; } = "";
        public int Count { get; init; }
    }

    private sealed class AreaRow
    {
        public Guid AreaId { get; init; }
        public string Category { get; init; } = "";
        public int Count { get; init; }
    }
}
