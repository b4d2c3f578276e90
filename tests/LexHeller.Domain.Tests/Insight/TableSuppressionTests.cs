using LexHeller.Testing.Disclosure;

namespace LexHeller.Domain.Tests.Insight;

public sealed class TableSuppressionTests
{
    /// <summary>The table as published: withheld counts null, margins as <paramref name="margins"/> publishes them.</summary>
    private static PublishedTable Publish(int[,] counts, ProtectedTable table, TableMargins margins)
    {
        int rows = counts.GetLength(0), columns = counts.GetLength(1);
        var cells = new int?[rows, columns];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
                cells[row, column] = table.IsWithheld(row, column) ? null : counts[row, column];
        }

        int RowTotal(int row) => Enumerable.Range(0, columns).Sum(column => counts[row, column]);
        int ColumnTotal(int column) => Enumerable.Range(0, rows).Sum(row => counts[row, column]);
        return new PublishedTable(
            cells,
            margins.RowTotals ? [.. Enumerable.Range(0, rows).Select(row => table.IsRowTotalWithheld(row) ? null : (int?)RowTotal(row))] : null,
            margins.ColumnTotals ? [.. Enumerable.Range(0, columns).Select(column => table.IsColumnTotalWithheld(column) ? null : (int?)ColumnTotal(column))] : null,
            margins.GrandTotal && !table.IsTotalWithheld ? Enumerable.Range(0, rows).Sum(RowTotal) : null,
            margins.GrandTotal);
    }

    /// <summary>Primary suppression only: the small counts withheld, nothing else.</summary>
    private static PublishedTable PrimaryOnly(int[,] counts, int threshold)
    {
        int rows = counts.GetLength(0), columns = counts.GetLength(1);
        var cells = new int?[rows, columns];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
                cells[row, column] = SmallCounts.Shown(counts[row, column], threshold);
        }

        return new PublishedTable(cells,
            [.. Enumerable.Range(0, rows).Select(row => SmallCounts.Shown(Enumerable.Range(0, columns).Sum(column => counts[row, column]), threshold))],
            [.. Enumerable.Range(0, columns).Select(column => SmallCounts.Shown(Enumerable.Range(0, rows).Sum(row => counts[row, column]), threshold))],
            SmallCounts.Shown(counts.Cast<int>().Sum(), threshold));
    }

    // The probe's table: one small count in a row whose other cells and total are shown.
    private static readonly int[,] Probe =
    {
        { 120, 1, 200, 220 },
        { 40, 35, 0, 9 },
        { 17, 0, 6, 31 },
    };

    [Fact]
    public void The_attacker_works_out_a_small_count_that_only_primary_suppression_withholds()
    {
        var recovered = TableAttacker.Recovered(PrimaryOnly(Probe, 3), Probe);

        Assert.Equal(["cell (0, 1) = 1"], recovered);
    }

    [Fact]
    public void With_secondary_suppression_the_attacker_works_out_no_withheld_count_of_the_probes_table()
    {
        var table = TableSuppression.Protect(Probe, 3, TableMargins.All);

        Assert.Equal(0, table.Unprotected);
        Assert.Equal(Withholding.Small, table[0, 1]);
        Assert.Contains(Enumerable.Range(0, 4), column => table[0, column] == Withholding.Complement);
        Assert.Empty(TableAttacker.Recovered(Publish(Probe, table, TableMargins.All), Probe));
    }

    [Fact]
    public void Small_counts_are_withheld_zeros_are_never_complements_and_shown_counts_are_the_counts()
    {
        var random = new Random(16);
        for (var sample = 0; sample < 200; sample++)
        {
            var counts = RandomTable(random);
            var table = TableSuppression.Protect(counts, 3, TableMargins.All);
            for (var row = 0; row < counts.GetLength(0); row++)
            {
                for (var column = 0; column < counts.GetLength(1); column++)
                {
                    var count = counts[row, column];
                    Assert.Equal(count is > 0 and < 3, table[row, column] == Withholding.Small);
                    if (count == 0)
                        Assert.Equal(Withholding.Shown, table[row, column]);
                    if (table[row, column] == Withholding.Complement)
                        Assert.True(count >= 3);
                }
            }
        }
    }

    public static TheoryData<int, bool, bool, bool> Layouts() => new()
    {
        { 3, true, true, true },
        { 3, true, false, true },
        { 3, false, true, true },
        { 3, true, false, false },
        { 2, true, true, true },
        { 5, true, true, true },
        { 4, true, false, true },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void On_seeded_adversarial_tables_no_withheld_count_can_be_worked_out_by_linear_programming(int threshold, bool rowTotals, bool columnTotals, bool grandTotal)
    {
        var margins = new TableMargins(rowTotals, columnTotals, grandTotal);
        var random = new Random(threshold * 8 + (rowTotals ? 4 : 0) + (columnTotals ? 2 : 0) + (grandTotal ? 1 : 0));
        var withheld = 0;
        for (var sample = 0; sample < 150; sample++)
        {
            var counts = RandomTable(random);
            var table = TableSuppression.Protect(counts, threshold, margins);

            var recovered = TableAttacker.Recovered(Publish(counts, table, margins), counts);

            Assert.True(recovered.Count == 0, $"sample {sample}: {string.Join(", ", recovered)} in {Describe(counts)}");
            Assert.Equal(0, table.Unprotected);
            withheld += counts.Cast<int>().Count(count => count > 0 && count < threshold);
        }

        Assert.True(withheld > 300, $"only {withheld} small counts: the tables are not adversarial enough");
    }

    [Fact]
    public void A_line_with_one_small_count_gets_a_complement_and_its_total_stays_shown()
    {
        var line = TableSuppression.ProtectLine([40, 2, 0, 7, 19], 3);

        Assert.Equal([Withholding.Shown, Withholding.Small, Withholding.Shown, Withholding.Complement, Withholding.Shown, Withholding.Shown], line);
    }

    [Fact]
    public void Cells_another_table_shares_are_kept_as_given()
    {
        // Row totals 1 and 40: the small row total needs another withheld total in its line; pinned, the algorithm must find one elsewhere.
        int[,] counts = { { 1, 0, 0 }, { 10, 12, 18 }, { 9, 8, 30 } };
        var pinned = new Dictionary<(int, int), bool> { [(1, 3)] = false, [(2, 3)] = true, [(3, 3)] = false };

        var table = TableSuppression.Protect(counts, 3, TableMargins.All, pinned);

        Assert.False(table.IsRowTotalWithheld(1));
        Assert.True(table.IsRowTotalWithheld(2));
        Assert.False(table.IsTotalWithheld);
        Assert.Equal(0, table.Unprotected);
        Assert.Empty(TableAttacker.Recovered(Publish(counts, table, TableMargins.All), counts));
    }

    /// <summary>Up to 6 × 8 cells, most of them 0, 1 or 2, some large: many small counts in lines with few others.</summary>
    private static int[,] RandomTable(Random random)
    {
        var counts = new int[random.Next(1, 7), random.Next(1, 9)];
        for (var row = 0; row < counts.GetLength(0); row++)
        {
            for (var column = 0; column < counts.GetLength(1); column++)
            {
                counts[row, column] = random.Next(10) switch
                {
                    < 3 => 0,
                    < 5 => 1,
                    < 7 => 2,
                    < 8 => random.Next(3, 6),
                    _ => random.Next(3, 60),
                };
            }
        }

        return counts;
    }

    private static string Describe(int[,] counts) => string.Join(" / ", Enumerable.Range(0, counts.GetLength(0))
        .Select(row => string.Join(" ", Enumerable.Range(0, counts.GetLength(1)).Select(column => counts[row, column]))));
}
