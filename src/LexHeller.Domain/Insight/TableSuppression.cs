namespace LexHeller.Domain.Insight;

/// <summary>Why a count of a table is not shown.</summary>
public enum Withholding : byte
{
    /// <summary>Shown.</summary>
    Shown,

    /// <summary>Above zero and below the threshold: primary suppression.</summary>
    Small,

    /// <summary>Withheld so that a small count cannot be worked out from the totals: secondary suppression.</summary>
    Complement,
}

/// <summary>Which totals a table publishes besides its cells.</summary>
public sealed record TableMargins(bool RowTotals, bool ColumnTotals, bool GrandTotal)
{
    public static TableMargins All { get; } = new(true, true, true);

    /// <summary>A single line of counts and its total: a one-row table with its row total.</summary>
    public static TableMargins LineTotal { get; } = new(true, false, false);
}

/// <summary>
/// A table's withheld counts, in the coordinates of the table with its totals: rows <c>0..Rows-1</c> and
/// the totals row <c>Rows</c>, columns <c>0..Columns-1</c> and the totals column <c>Columns</c>.
/// </summary>
public sealed class ProtectedTable(int rows, int columns, Withholding[,] cells, int unprotected)
{
    public int Rows => rows;

    public int Columns => columns;

    /// <summary>Withheld counts whose value could still be worked out (none for any table the tests have found; see <see cref="TableSuppression"/>).</summary>
    public int Unprotected => unprotected;

    public Withholding this[int row, int column] => cells[row, column];

    public bool IsWithheld(int row, int column) => cells[row, column] != Withholding.Shown;

    public bool IsRowTotalWithheld(int row) => IsWithheld(row, columns);

    public bool IsColumnTotalWithheld(int column) => IsWithheld(rows, column);

    public bool IsTotalWithheld => IsWithheld(rows, columns);
}

/// <summary>
/// Primary and secondary suppression of a two-way table of counts with its totals (statistical disclosure
/// control). A count above zero and below the threshold is withheld (primary); then further counts are
/// withheld (secondary, the complements) until no withheld count can be worked out from what is shown:
/// the cells, the row and column totals and the grand total, however an attacker combines them.
/// <para>
/// What the attacker knows of a withheld count: that it is at least 1 (a zero is shown, and zeros are never
/// complements, since a zero says nothing about anyone). Every withheld count looks the same (the tables do not
/// say which are small and which are complements), so nothing more is known of it: an attacker who knew which
/// were small could always work out a row of small counts whose total is small too (1 + 1 = 2 with each at most
/// 2), and with a threshold of 2 every small count (it can only be 1).
/// </para>
/// <para>
/// The rule: the table with its totals is a set of lines (each row with its total, each column with its
/// total, the totals row and column with the grand total) whose cells sum to zero when totals are counted
/// negative. A set of withheld counts can be changed without changing any shown figure exactly when the
/// changes run round a cycle of withheld cells, alternately up and down, each line met twice. So a withheld
/// count cannot be worked out exactly when it lies on such a cycle along which every cell can move one
/// step within what the attacker knows of it (a count of 1 cannot go down). This holds for the exact integer problem
/// and its linear relaxation alike (a move of one along a cycle keeps every line's sum). For each withheld
/// count that has no such cycle, the cheapest cycle is found (Dijkstra over the lines, withheld cells free,
/// a shown count costing its value, totals far more than cells), and its shown counts become complements.
/// A count's complements are themselves on the cycle, so one pass protects every count it can; a second
/// pass confirms.
/// </para>
/// </summary>
public static class TableSuppression
{
    private const long TotalCost = 1_000_000;

    /// <summary>
    /// Protects a table: <paramref name="counts"/> are its cells (rows × columns); the totals are summed here.
    /// <paramref name="fixedCells"/> (in the coordinates of <see cref="ProtectedTable"/>) pins cells that another
    /// table shares: <c>true</c> withheld, <c>false</c> shown and never a complement.
    /// </summary>
    public static ProtectedTable Protect(int[,] counts, int threshold, TableMargins margins,
        IReadOnlyDictionary<(int Row, int Column), bool>? fixedCells = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(margins);
        if (margins.GrandTotal && !margins.RowTotals && !margins.ColumnTotals)
            throw new ArgumentException("A grand total needs row or column totals beside it.", nameof(margins));

        var table = new Table(counts, threshold, margins, fixedCells);
        var unprotected = table.Protect();
        return new ProtectedTable(table.Rows, table.Columns, table.Status, unprotected);
    }

    /// <summary>A line of counts and its total: index <c>counts.Count</c> of the answer is the total.</summary>
    public static IReadOnlyList<Withholding> ProtectLine(IReadOnlyList<int> counts, int threshold,
        IReadOnlyDictionary<int, bool>? fixedCells = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var table = new int[1, counts.Count];
        for (var index = 0; index < counts.Count; index++)
            table[0, index] = counts[index];
        var protectedTable = Protect(table, threshold, TableMargins.LineTotal,
            fixedCells?.ToDictionary(pair => (0, pair.Key), pair => pair.Value));
        return [.. Enumerable.Range(0, counts.Count + 1).Select(index => protectedTable[0, index])];
    }

    private sealed class Table
    {
        private readonly bool[,] _exists;
        private readonly bool[,] _fixed;
        private readonly int[,] _values;
        private readonly int[,] _tail;
        private readonly int[,] _head;
        private readonly List<(int Row, int Column)>[] _incident;

        public int Rows { get; }

        public int Columns { get; }

        public Withholding[,] Status { get; }

        public Table(int[,] counts, int threshold, TableMargins margins, IReadOnlyDictionary<(int Row, int Column), bool>? fixedCells)
        {
            Rows = counts.GetLength(0);
            Columns = counts.GetLength(1);
            int rows = Rows, columns = Columns;
            _values = new int[rows + 1, columns + 1];
            _exists = new bool[rows + 1, columns + 1];
            _fixed = new bool[rows + 1, columns + 1];
            Status = new Withholding[rows + 1, columns + 1];
            for (var row = 0; row < rows; row++)
            {
                for (var column = 0; column < columns; column++)
                {
                    var count = counts[row, column];
                    _values[row, column] = count;
                    _values[row, columns] += count;
                    _values[rows, column] += count;
                    _values[rows, columns] += count;
                    _exists[row, column] = true;
                }
            }

            for (var row = 0; row < rows; row++)
                _exists[row, columns] = margins.RowTotals;
            for (var column = 0; column < columns; column++)
                _exists[rows, column] = margins.ColumnTotals;
            _exists[rows, columns] = margins.GrandTotal;

            // The lines: a row's (its cells and its total), a column's, and the totals row's and column's with the grand total.
            // A line that is not published constrains nothing: its cells meet the ground node instead.
            var ground = rows + 1 + columns + 1;
            int RowNode(int row) => row < rows
                ? margins.RowTotals ? row : ground
                : margins.ColumnTotals && margins.GrandTotal ? rows : ground;
            int ColumnNode(int column) => column < columns
                ? margins.ColumnTotals ? rows + 1 + column : ground
                : margins.RowTotals && margins.GrandTotal ? rows + 1 + columns : ground;
            _tail = new int[rows + 1, columns + 1];
            _head = new int[rows + 1, columns + 1];
            _incident = [.. Enumerable.Range(0, ground + 1).Select(_ => new List<(int, int)>())];
            for (var row = 0; row <= rows; row++)
            {
                for (var column = 0; column <= columns; column++)
                {
                    if (!_exists[row, column])
                        continue;
                    _tail[row, column] = RowNode(row);
                    _head[row, column] = ColumnNode(column);
                    _incident[_tail[row, column]].Add((row, column));
                    if (_head[row, column] != _tail[row, column])
                        _incident[_head[row, column]].Add((row, column));
                    if (SmallCounts.IsSuppressed(_values[row, column], threshold))
                        Status[row, column] = Withholding.Small;
                }
            }

            foreach (var ((row, column), withheld) in fixedCells ?? new Dictionary<(int, int), bool>())
            {
                if (!_exists[row, column])
                    continue;
                _fixed[row, column] = true;
                if (withheld && Status[row, column] == Withholding.Shown)
                    Status[row, column] = Withholding.Complement;
                else if (!withheld)
                    Status[row, column] = Withholding.Shown;
            }
        }

        public int Protect()
        {
            var unprotected = 0;
            for (var pass = 0; pass < 3; pass++)
            {
                unprotected = 0;
                var changed = false;
                for (var row = 0; row <= Rows; row++)
                {
                    for (var column = 0; column <= Columns; column++)
                    {
                        if (!_exists[row, column] || Status[row, column] == Withholding.Shown || IsProtected(row, column))
                            continue;
                        if (Repair(row, column))
                            changed = true;
                        else
                            unprotected++;
                    }
                }

                if (!changed)
                    break;
            }

            return unprotected;
        }

        /// <summary>Whether the signed value (totals negative) of a withheld cell, or of a shown one were it withheld, may go up or down by one.</summary>
        private (bool Up, bool Down) Moves(int row, int column)
        {
            // What the attacker knows of a withheld count (see the class): at least 1, nothing more.
            bool increase = true, decrease = _values[row, column] > 1;
            var total = (row == Rows) != (column == Columns);
            return total ? (decrease, increase) : (increase, decrease);
        }

        private bool IsProtected(int row, int column)
        {
            var (up, down) = Moves(row, column);
            int tail = _tail[row, column], head = _head[row, column];
            if (tail == head)
                return up || down;
            return (up && Path(head, tail, (row, column), 0) is not null) || (down && Path(tail, head, (row, column), 0) is not null);
        }

        private bool Repair(int row, int column)
        {
            var (up, down) = Moves(row, column);
            int tail = _tail[row, column], head = _head[row, column];
            var best = new[] { up ? Path(head, tail, (row, column), 1) : null, down ? Path(tail, head, (row, column), 1) : null }
                .OfType<(long Cost, List<(int Row, int Column)> Cells)>()
                .OrderBy(path => path.Cost)
                .Select(path => path.Cells)
                .FirstOrDefault();
            if (best is null)
                return false;
            foreach (var (r, c) in best)
            {
                if (Status[r, c] == Withholding.Shown)
                    Status[r, c] = Withholding.Complement;
            }

            return true;
        }

        /// <summary>
        /// The cheapest path of one-step moves from <paramref name="from"/> to <paramref name="to"/> that does not use
        /// <paramref name="without"/>: along a row-to-column arc a cell goes up, back along it down. With
        /// <paramref name="candidates"/> 0 only withheld cells may be used; with 1 shown counts too, at their cost.
        /// </summary>
        private (long Cost, List<(int Row, int Column)> Cells)? Path(int from, int to, (int Row, int Column) without, int candidates)
        {
            var nodes = _incident.Length;
            var cost = new long[nodes];
            Array.Fill(cost, long.MaxValue);
            var via = new (int Row, int Column, int Node)?[nodes];
            var queue = new PriorityQueue<int, long>();
            cost[from] = 0;
            queue.Enqueue(from, 0);
            while (queue.TryDequeue(out var node, out var reached))
            {
                if (reached > cost[node])
                    continue;
                if (node == to)
                    break;
                foreach (var (row, column) in _incident[node])
                {
                    if ((row, column) == without)
                        continue;
                    var withheld = Status[row, column] != Withholding.Shown;
                    if (!withheld && (candidates == 0 || _fixed[row, column] || _values[row, column] == 0))
                        continue;
                    var (up, down) = Moves(row, column);
                    int tail = _tail[row, column], head = _head[row, column];
                    int next;
                    if (node == tail && up)
                        next = head;
                    else if (node == head && down)
                        next = tail;
                    else
                        continue;
                    var step = withheld ? 0 : Cost(row, column);
                    if (reached + step >= cost[next])
                        continue;
                    cost[next] = reached + step;
                    via[next] = (row, column, node);
                    queue.Enqueue(next, cost[next]);
                }
            }

            if (cost[to] == long.MaxValue)
                return null;
            var cells = new List<(int, int)>();
            for (var node = to; node != from;)
            {
                var (row, column, previous) = via[node]!.Value;
                cells.Add((row, column));
                node = previous;
            }

            return (cost[to], cells);
        }

        /// <summary>A complement's cost: its count (the smallest loses least), a total far more than any cell, the grand total most.</summary>
        private long Cost(int row, int column)
        {
            var margins = (row == Rows ? 1 : 0) + (column == Columns ? 1 : 0);
            return _values[row, column] + margins * TotalCost;
        }
    }
}
