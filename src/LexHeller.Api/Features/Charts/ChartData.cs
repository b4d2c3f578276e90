namespace LexHeller.Api.Features.Charts;

/// <summary>The charts the service draws, by their codes in the address (<c>categories-over-time</c>, …).</summary>
public enum ChartKind
{
    CategoriesOverTime,
    PartyPairs,
    Pareto,
    AreasRadar,
}

public enum ChartFormat
{
    Svg,
    Png,
}

/// <summary>What stands above every chart: what it counts, and over what (association, area, period).</summary>
public sealed record ChartHeading(string Title, string Scope);

/// <summary>
/// One count as a chart may show it: <see cref="Value"/> is null when the count is suppressed (above
/// zero, below the association's threshold), and then the chart never draws it as a quantity.
/// </summary>
public readonly record struct ShownCount(int? Value)
{
    public bool Suppressed => Value is null;

    public static ShownCount Hidden { get; } = new(null);

    public static implicit operator ShownCount(int value) => new(value);
}

/// <summary>A named row of counts: a category over the periods, or an area over the categories.</summary>
public sealed record ChartSeries(string Label, IReadOnlyList<ShownCount> Counts);

/// <summary>Reports per category and period; <see cref="Periods"/> are the labels of the x axis.</summary>
public sealed record CategoriesOverTimeChart(ChartHeading Heading, IReadOnlyList<string> Periods, IReadOnlyList<ChartSeries> Categories,
    int SuppressionThreshold);

/// <summary>Reports per reporter party kind (rows) and involved party kind (columns).</summary>
public sealed record PartyPairsChart(ChartHeading Heading, IReadOnlyList<string> ReporterKinds, IReadOnlyList<string> InvolvedKinds,
    IReadOnlyList<IReadOnlyList<ShownCount>> Counts, int SuppressionThreshold);

/// <summary>A category's reports over the whole period.</summary>
public sealed record CategoryTotal(string Label, ShownCount Count);

/// <summary>Categories by their number of reports; the chart orders them itself.</summary>
public sealed record ParetoChart(ChartHeading Heading, IReadOnlyList<CategoryTotal> Categories, int SuppressionThreshold);

/// <summary>One series per area over the same categories (the spokes).</summary>
public sealed record AreasRadarChart(ChartHeading Heading, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Areas,
    int SuppressionThreshold);

/// <summary>A drawn chart: the bytes and their media type.</summary>
public sealed record RenderedChart(byte[] Content, string ContentType);
