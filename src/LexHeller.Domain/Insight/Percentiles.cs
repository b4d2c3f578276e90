namespace LexHeller.Domain.Insight;

/// <summary>
/// Percentiles by linear interpolation between closest ranks (Hyndman and Fan's type 7, what Excel's
/// PERCENTILE.INC and numpy's default compute): for p in [0, 1] over n sorted values the position is
/// h = (n − 1)·p, and the result lies between the values at ⌊h⌋ and ⌈h⌉. So the median of an even
/// number of values is the mean of the middle two, and a board member checking a figure in Excel gets
/// the same number.
/// </summary>
public static class Percentiles
{
    public static double Median(IReadOnlyList<double> values) => Of(values, 0.5);

    public static double Percentile90(IReadOnlyList<double> values) => Of(values, 0.9);

    /// <summary>The p-th quantile (p in [0, 1]) of the values, in any order; there must be at least one.</summary>
    public static double Of(IReadOnlyList<double> values, double p)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        if (p is < 0 or > 1 || double.IsNaN(p))
            throw new ArgumentOutOfRangeException(nameof(p), p, "A quantile lies between 0 and 1.");

        var sorted = values.Order().ToArray();
        var position = (sorted.Length - 1) * p;
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
