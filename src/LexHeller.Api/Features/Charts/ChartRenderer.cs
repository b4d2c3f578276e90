using System.Security;
using System.Text;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace LexHeller.Api.Features.Charts;

/// <summary>
/// Draws the board's charts with ScottPlot, as SVG or PNG, in Swedish. A withheld count is never
/// drawn as a quantity: bars and slices leave it out, the heatmap greys its cell and writes "..",
/// and every chart that had one says so under its axis.
/// </summary>
public static partial class ChartRenderer
{
    public const int MinWidth = 300;
    public const int MaxWidth = 2400;
    public const int MinHeight = 200;
    public const int MaxHeight = 1600;
    public const int DefaultWidth = 960;
    public const int DefaultHeight = 540;

    /// <summary>Twelve colours that stay apart, one per category in the taxonomy's order.</summary>
    private static readonly Color[] Palette =
    [
        Color.FromHex("#1F77B4"), Color.FromHex("#FF7F0E"), Color.FromHex("#2CA02C"), Color.FromHex("#D62728"),
        Color.FromHex("#9467BD"), Color.FromHex("#8C564B"), Color.FromHex("#E377C2"), Color.FromHex("#7F7F7F"),
        Color.FromHex("#BCBD22"), Color.FromHex("#17BECF"), Color.FromHex("#393B79"), Color.FromHex("#E7BA52"),
    ];

    private static readonly CultureInfo SwedishCulture = CultureInfo.GetCultureInfo("sv-SE");

    private static readonly Color Ink = Color.FromHex("#1B1B1B");
    private static readonly Color SuppressedFill = Color.FromHex("#D9D9D9");
    private static readonly Color HeatLow = Color.FromHex("#EEF4FB");
    private static readonly Color HeatHigh = Color.FromHex("#08306B");

    static ChartRenderer() => ChartFont.EnsureRegistered();

    public static RenderedChart Render(CategoriesOverTimeChart chart, ChartFormat format, int width, int height) =>
        Output(CategoriesOverTime(chart, width), chart.Heading, format, width, height);

    public static RenderedChart Render(PartyPairsChart chart, ChartFormat format, int width, int height) =>
        Output(PartyPairs(chart), chart.Heading, format, width, height);

    public static RenderedChart Render(ParetoChart chart, ChartFormat format, int width, int height) =>
        Output(Pareto(chart), chart.Heading, format, width, height);

    public static RenderedChart Render(AreasRadarChart chart, ChartFormat format, int width, int height) =>
        Output(AreasRadar(chart), chart.Heading, format, width, height);

    private static Plot NewPlot(ChartHeading heading)
    {
        var plot = new Plot();
        plot.Font.Set(ChartFont.Family);
        plot.Title($"{heading.Title}\n{heading.Scope}");
        plot.Axes.Title.Label.FontSize = 17;
        plot.Axes.Title.Label.ForeColor = Ink;
        plot.Legend.FontName = ChartFont.Family;
        return plot;
    }

    private static Plot Empty(Plot plot, string message = "Inga avvikelser att visa under perioden.")
    {
        HideAxes(plot);
        var text = plot.Add.Annotation(message, Alignment.MiddleCenter);
        text.LabelFontName = ChartFont.Family;
        text.LabelFontSize = 18;
        text.LabelBackgroundColor = Colors.White;
        text.LabelBorderWidth = 0;
        text.LabelShadowColor = Colors.Transparent;
        return plot;
    }

    private static string NothingToShow(IEnumerable<ShownCount> counts, int threshold) =>
        counts.Any(count => count.Suppressed)
            ? $"Antalen under perioden är för få och visas inte (färre än {threshold}, eller så att de inte kan räknas fram).\nVälj en längre indelning eller period."
            : "Inga avvikelser att visa under perioden.";

    /// <summary>No frame, ticks or grid; the title stays.</summary>
    private static void HideAxes(Plot plot)
    {
        plot.HideGrid();
        plot.Axes.Frame(false);
        foreach (var axis in plot.Axes.GetAxes())
            axis.IsVisible = false;
    }

    /// <summary>A count axis from zero, whole numbers only.</summary>
    private static void CountAxis(Plot plot, double highest)
    {
        plot.Axes.Left.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsY(0, Math.Max(1, highest) * 1.1, plot.Axes.Left);
    }

    /// <summary>Period labels, thinned out so that they never overlap (one label per ~80 pixels).</summary>
    private static NumericManual PeriodTicks(IReadOnlyList<string> periods, int width)
    {
        var every = Math.Max(1, (int)Math.Ceiling(periods.Count / Math.Max(1.0, (width - 300) / 80.0)));
        var ticks = new NumericManual();
        for (var index = 0; index < periods.Count; index++)
        {
            if (index % every == 0)
                ticks.AddMajor(index, periods[index]);
            else
                ticks.AddMinor(index);
        }

        return ticks;
    }

    /// <summary>Breaks a label into lines of about <paramref name="width"/> characters at spaces.</summary>
    private static string Wrap(string label, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in label.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        lines.Add(line.ToString());
        return string.Join('\n', lines);
    }

    private static string SuppressedLabel(int threshold) => LexHeller.Domain.Insight.SmallCounts.WithheldText;

    private static string Footnote(IEnumerable<ShownCount> counts, int threshold, string whatHappens) =>
        counts.Any(count => count.Suppressed)
            ? $"Antal under {threshold}, och antal som de skulle kunna räknas fram ur, {whatHappens}, så att ingen enskild kan pekas ut"
            : string.Empty;

    private static RenderedChart Output(Plot plot, ChartHeading heading, ChartFormat format, int width, int height)
    {
        using (plot)
        {
            // Laid out for about 960 × 540 and scaled to the size asked for, so that text keeps its
            // place beside the data: a print-size chart is sharper, not emptier, and a small one still fits.
            plot.ScaleFactor = Math.Clamp(Math.Min(width / (double)DefaultWidth, height / (double)DefaultHeight), 0.5, 2.5);
            return format switch
            {
                ChartFormat.Svg => new RenderedChart(Encoding.UTF8.GetBytes(Standalone(plot.GetSvgXml(width, height), heading, width, height)), "image/svg+xml"),
                ChartFormat.Png => new RenderedChart(plot.GetImageBytes(width, height, ImageFormat.Png), "image/png"),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
            };
        }
    }

    /// <summary>
    /// The SVG as a document that stands on its own: an accessible name (role and title), a view box
    /// so that it scales with the box it is put in, and fonts a browser without DejaVu Sans can fall back on.
    /// </summary>
    private static string Standalone(string svg, ChartHeading heading, int width, int height)
    {
        var name = SecurityElement.Escape($"{heading.Title}, {heading.Scope}");
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var end = start < 0 ? -1 : svg.IndexOf('>', start);
        if (end < 0)
            throw new InvalidOperationException("ScottPlot wrote no <svg> element.");
        return string.Concat(
            svg.AsSpan(0, end),
            string.Create(CultureInfo.InvariantCulture, $" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{name}\"><title>{name}</title>"),
            svg.AsSpan(end + 1))
            .Replace($"font-family=\"{ChartFont.Family}\"", $"font-family=\"{ChartFont.SvgFallbacks}\"", StringComparison.Ordinal);
    }
}
