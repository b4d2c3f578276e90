namespace LexHeller.Testing.Disclosure;

/// <summary>
/// The attacker's tool: a small exact-enough linear program (dense two-phase simplex with Bland's rule), to find
/// the least and the greatest value a withheld count can take given everything a table shows. Written here, apart
/// from the service's suppression, so that the tests do not trust the rule they test. Fine for test-size tables
/// (a few hundred variables).
/// </summary>
public sealed class LinearProgram
{
    private const double Epsilon = 1e-9;

    private readonly List<(double Low, double High)> _bounds = [];
    private readonly List<(Dictionary<int, double> Terms, int Sign, double Right)> _constraints = [];

    public int Variable(double low, double high = double.PositiveInfinity)
    {
        _bounds.Add((low, high));
        return _bounds.Count - 1;
    }

    /// <summary>Σ terms = right.</summary>
    public void Equal(IEnumerable<(int Variable, double Coefficient)> terms, double right) => Add(terms, 0, right);

    /// <summary>Σ terms ≤ right.</summary>
    public void AtMost(IEnumerable<(int Variable, double Coefficient)> terms, double right) => Add(terms, 1, right);

    /// <summary>Σ terms ≥ right.</summary>
    public void AtLeast(IEnumerable<(int Variable, double Coefficient)> terms, double right) => Add(terms, -1, right);

    private void Add(IEnumerable<(int Variable, double Coefficient)> terms, int sign, double right)
    {
        var sum = new Dictionary<int, double>();
        foreach (var (variable, coefficient) in terms)
            sum[variable] = sum.GetValueOrDefault(variable) + coefficient;
        _constraints.Add((sum, sign, right));
    }

    /// <summary>The least and greatest feasible value of a variable (greatest may be infinity); null when nothing is feasible.</summary>
    public (double Min, double Max)? Range(int variable)
    {
        var min = Optimise(variable, minimise: true);
        if (min is null)
            return null;
        var max = Optimise(variable, minimise: false);
        return (min.Value, max ?? double.PositiveInfinity);
    }

    /// <summary>Null when infeasible (minimise) or unbounded (maximise).</summary>
    private double? Optimise(int target, bool minimise)
    {
        // Shift every variable to z = x − low ≥ 0; a finite upper bound becomes a row z + s = high − low.
        var n = _bounds.Count;
        var rows = new List<(double[] Terms, int Slack, double Right)>();
        var slackCount = 0;
        foreach (var (terms, sign, right) in _constraints)
        {
            var row = new double[n];
            var shifted = right;
            foreach (var (variable, coefficient) in terms)
            {
                row[variable] = coefficient;
                shifted -= coefficient * _bounds[variable].Low;
            }

            rows.Add((row, sign == 0 ? 0 : sign * ++slackCount, shifted));
        }

        for (var variable = 0; variable < n; variable++)
        {
            if (double.IsPositiveInfinity(_bounds[variable].High))
                continue;
            var row = new double[n];
            row[variable] = 1;
            rows.Add((row, ++slackCount, _bounds[variable].High - _bounds[variable].Low));
        }

        var m = rows.Count;
        // Columns: n structural, slackCount slacks, m artificials, then the right-hand side.
        var width = n + slackCount + m + 1;
        var tableau = new double[m + 1, width];
        var basis = new int[m];
        for (var i = 0; i < m; i++)
        {
            var (terms, slack, right) = rows[i];
            var flip = right < 0 ? -1.0 : 1.0;
            for (var j = 0; j < n; j++)
                tableau[i, j] = flip * terms[j];
            if (slack != 0)
                tableau[i, n + Math.Abs(slack) - 1] = flip * Math.Sign(slack);
            tableau[i, n + slackCount + i] = 1;
            tableau[i, width - 1] = flip * right;
            basis[i] = n + slackCount + i;
        }

        // Phase 1: minimise the artificials.
        var phase1 = new double[width];
        for (var i = 0; i < m; i++)
            phase1[n + slackCount + i] = 1;
        if (!Solve(tableau, basis, phase1, width - 1, width))
            return null;
        if (Objective(tableau, basis, phase1, width) > 1e-7)
            return null;

        // Drive artificials out of the basis where possible, then bar them.
        for (var i = 0; i < m; i++)
        {
            if (basis[i] < n + slackCount)
                continue;
            for (var j = 0; j < n + slackCount; j++)
            {
                if (Math.Abs(tableau[i, j]) > Epsilon)
                {
                    Pivot(tableau, basis, i, j, width);
                    break;
                }
            }
        }

        var phase2 = new double[width];
        phase2[target] = minimise ? 1 : -1;
        if (!Solve(tableau, basis, phase2, n + slackCount, width))
            return null;
        return _bounds[target].Low + Value(tableau, basis, target, width);
    }

    private static double Value(double[,] tableau, int[] basis, int variable, int width)
    {
        for (var i = 0; i < basis.Length; i++)
        {
            if (basis[i] == variable)
                return tableau[i, width - 1];
        }

        return 0;
    }

    private static double Objective(double[,] tableau, int[] basis, double[] costs, int width)
    {
        var sum = 0.0;
        for (var i = 0; i < basis.Length; i++)
            sum += costs[basis[i]] * tableau[i, width - 1];
        return sum;
    }

    /// <summary>Minimises costs over the first <paramref name="columns"/> columns; false when unbounded.</summary>
    private static bool Solve(double[,] tableau, int[] basis, double[] costs, int columns, int width)
    {
        var m = basis.Length;
        for (var iteration = 0; iteration < 50_000; iteration++)
        {
            // Reduced costs; Bland: the first column that improves enters, the lowest-index basic variable among ties leaves.
            var entering = -1;
            for (var j = 0; j < columns && entering < 0; j++)
            {
                if (basis.Contains(j))
                    continue;
                var reduced = costs[j];
                for (var i = 0; i < m; i++)
                    reduced -= costs[basis[i]] * tableau[i, j];
                if (reduced < -Epsilon)
                    entering = j;
            }

            if (entering < 0)
                return true;

            var leaving = -1;
            var best = double.PositiveInfinity;
            for (var i = 0; i < m; i++)
            {
                if (tableau[i, entering] <= Epsilon)
                    continue;
                var ratio = tableau[i, width - 1] / tableau[i, entering];
                if (ratio < best - Epsilon || (Math.Abs(ratio - best) <= Epsilon && basis[i] < basis[leaving]))
                {
                    best = ratio;
                    leaving = i;
                }
            }

            if (leaving < 0)
                return false;
            Pivot(tableau, basis, leaving, entering, width);
        }

        throw new InvalidOperationException("The simplex did not finish.");
    }

    private static void Pivot(double[,] tableau, int[] basis, int row, int column, int width)
    {
        var pivot = tableau[row, column];
        for (var j = 0; j < width; j++)
            tableau[row, j] /= pivot;
        for (var i = 0; i < basis.Length; i++)
        {
            if (i == row || Math.Abs(tableau[i, column]) <= 0)
                continue;
            var factor = tableau[i, column];
            for (var j = 0; j < width; j++)
                tableau[i, j] -= factor * tableau[row, j];
        }

        basis[row] = column;
    }
}
