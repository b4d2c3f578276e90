namespace LexHeller.Testing.Disclosure;

/// <summary>
/// A published two-way table as an attacker reads it: each cell's value, or null when withheld; the totals the
/// same, and a whole margin null when the table does not publish it. <see cref="Cells"/> is rows × columns.
/// </summary>
public sealed record PublishedTable(int?[,] Cells, int?[]? RowTotals, int?[]? ColumnTotals, int? Total, bool HasTotal = true);

/// <summary>
/// Plays the differencing attack: from everything a table shows, the least and greatest value of every withheld
/// count, by linear programming over the lines (row and column sums, totals) with every withheld count at least 1
/// (a zero is shown). A count is worked out when its least and greatest values meet. The truth is checked to be
/// one of the solutions, so the attacker's model cannot be wrong in the service's favour.
/// </summary>
public static class TableAttacker
{
    /// <summary>Descriptions of the withheld counts the attacker works out exactly (empty when none), e.g. <c>cell (2, 5) = 1</c>.</summary>
    public static IReadOnlyList<string> Recovered(PublishedTable published, int[,] truth)
    {
        int rows = truth.GetLength(0), columns = truth.GetLength(1);
        var program = new LinearProgram();
        var variables = new Dictionary<string, (int Variable, int Truth)>();

        // A term of a line: a shown value is a constant, a withheld one a variable with what the attacker knows of it.
        (int? Variable, double Constant) Term(string name, int? shown, int actual)
        {
            if (shown is { } value)
            {
                if (value != actual)
                    throw new InvalidOperationException($"{name} shows {value}, but the truth is {actual}.");
                return (null, value);
            }

            if (!variables.TryGetValue(name, out var known))
            {
                if (actual < 1)
                    throw new InvalidOperationException($"{name} is withheld but {actual}: a zero is shown.");
                known = (program.Variable(1), actual);
                variables[name] = known;
            }

            return (known.Variable, 0);
        }

        void Line(IEnumerable<(string Name, int? Shown, int Truth)> cells, (string Name, int? Shown, int Truth) total)
        {
            var terms = new List<(int, double)>();
            var constant = 0.0;
            foreach (var (name, shown, actual) in cells.Append(total))
            {
                var sign = name == total.Name ? -1.0 : 1.0;
                var (variable, value) = Term(name, shown, actual);
                if (variable is { } v)
                    terms.Add((v, sign));
                else
                    constant += sign * value;
            }

            program.Equal(terms, -constant);
        }

        int RowTruth(int row) => Enumerable.Range(0, columns).Sum(column => truth[row, column]);
        int ColumnTruth(int column) => Enumerable.Range(0, rows).Sum(row => truth[row, column]);
        var grand = Enumerable.Range(0, rows).Sum(RowTruth);
        (string, int?, int) Cell(int row, int column) => ($"cell ({row}, {column})", published.Cells[row, column], truth[row, column]);
        (string, int?, int) RowTotal(int row) => ($"row total {row}", published.RowTotals![row], RowTruth(row));
        (string, int?, int) ColumnTotal(int column) => ($"column total {column}", published.ColumnTotals![column], ColumnTruth(column));
        var total = ("grand total", published.Total, grand);

        // Every interior cell is a variable or a constant even when it is on no published line.
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
                Term(Cell(row, column).Item1, published.Cells[row, column], truth[row, column]);
        }

        if (published.RowTotals is not null)
        {
            for (var row = 0; row < rows; row++)
                Line(Enumerable.Range(0, columns).Select(column => Cell(row, column)), RowTotal(row));
            if (published.HasTotal)
                Line(Enumerable.Range(0, rows).Select(RowTotal), total);
        }

        if (published.ColumnTotals is not null)
        {
            for (var column = 0; column < columns; column++)
                Line(Enumerable.Range(0, rows).Select(row => Cell(row, column)), ColumnTotal(column));
            if (published.HasTotal)
                Line(Enumerable.Range(0, columns).Select(ColumnTotal), total);
        }

        if (published.HasTotal && published.RowTotals is null && published.ColumnTotals is null)
            Line(Enumerable.Range(0, rows).SelectMany(row => Enumerable.Range(0, columns).Select(column => Cell(row, column))), total);

        var recovered = new List<string>();
        foreach (var (name, (variable, actual)) in variables)
        {
            var range = program.Range(variable) ?? throw new InvalidOperationException("The published table has no solution: the attacker's model is wrong.");
            if (range.Min > actual + 1e-6 || range.Max < actual - 1e-6)
                throw new InvalidOperationException($"{name}: the truth {actual} lies outside [{range.Min}, {range.Max}].");
            if (range.Max - range.Min < 1e-6)
                recovered.Add($"{name} = {actual}");
        }

        return recovered;
    }
}
