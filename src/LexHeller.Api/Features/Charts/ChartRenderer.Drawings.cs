using ScottPlot;
using ScottPlot.TickGenerators;

namespace LexHeller.Api.Features.Charts;

/// <summary>The four charts' drawings; what they share (style, notes, output) is in ChartRenderer.cs.</summary>
public static partial class ChartRenderer
{
    /// <summary>Stacked bars: one bar per period, one colour per category.</summary>
    private static Plot CategoriesOverTime(CategoriesOverTimeChart chart, int width)
    {
        var plot = NewPlot(chart.Heading);
        var heights = new double[chart.Periods.Count];
        var drawn = 0;
        for (var index = 0; index < chart.Categories.Count; index++)
        {
            var category = chart.Categories[index];
            var bars = new List<Bar>();
            for (var period = 0; period < chart.Periods.Count && period < category.Counts.Count; period++)
            {
                if (category.Counts[period].Value is not { } count || count == 0)
                    continue;
                bars.Add(new Bar
                {
                    Position = period,
                    ValueBase = heights[period],
                    Value = heights[period] + count,
                    FillColor = Palette[index % Palette.Length],
                    LineWidth = 0,
                    Size = 0.8,
                });
                heights[period] += count;
            }

            if (bars.Count == 0)
                continue;
            var series = plot.Add.Bars(bars);
            series.LegendText = category.Label;
            drawn++;
        }

        if (drawn == 0)
            return Empty(plot, NothingToShow(chart.Categories.SelectMany(category => category.Counts), chart.SuppressionThreshold));

        plot.Axes.Bottom.TickGenerator = PeriodTicks(chart.Periods, width);
        CountAxis(plot, heights.Max());
        plot.YLabel("Antal avvikelser");
        plot.XLabel(Footnote(chart.Categories.SelectMany(category => category.Counts), chart.SuppressionThreshold,
            "visas inte i staplarna"));
        plot.ShowLegend(Edge.Right);
        plot.Axes.SetLimitsX(-0.6, chart.Periods.Count - 0.4);
        return plot;
    }

    /// <summary>A grid of cells: rows are the reporter's party kind, columns the involved party kind.</summary>
    private static Plot PartyPairs(PartyPairsChart chart)
    {
        var plot = NewPlot(chart.Heading);
        var rows = chart.ReporterKinds.Count;
        var columns = chart.InvolvedKinds.Count;
        var highest = chart.Counts.SelectMany(row => row).Max(count => count.Value ?? 0);
        var suppressedLabel = SuppressedLabel(chart.SuppressionThreshold);

        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var count = row < chart.Counts.Count && column < chart.Counts[row].Count ? chart.Counts[row][column] : new ShownCount(0);
                var y = rows - 1 - row;
                var cell = plot.Add.Rectangle(column, column + 1, y, y + 1);
                cell.LineColor = Colors.White;
                cell.LineWidth = 2;
                var share = count.Value is { } value && highest > 0 ? (double)value / highest : 0;
                cell.FillColor = count.Suppressed ? SuppressedFill : HeatLow.MixedWith(HeatHigh, share);

                var label = plot.Add.Text(count.Value?.ToString(CultureInfo.InvariantCulture) ?? suppressedLabel, column + 0.5, y + 0.5);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontSize = 16;
                label.LabelFontName = ChartFont.Family;
                label.LabelFontColor = share > 0.55 ? Colors.White : Ink;
            }
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(
            [.. Enumerable.Range(0, columns).Select(column => column + 0.5)], [.. chart.InvolvedKinds]);
        plot.Axes.Left.TickGenerator = new NumericManual(
            [.. Enumerable.Range(0, rows).Select(row => rows - 1 - row + 0.5)], [.. chart.ReporterKinds]);
        plot.Axes.SetLimits(0, Math.Max(columns, 1), 0, Math.Max(rows, 1));
        plot.HideGrid();
        plot.YLabel("Rapportörens organisation");
        plot.XLabel(chart.Counts.SelectMany(row => row).Any(count => count.Suppressed)
            ? $"Berörd part · grå ruta ({suppressedLabel}): färre än {chart.SuppressionThreshold} avvikelser, eller dolt så att de inte kan räknas fram"
            : "Berörd part");
        return plot;
    }

    /// <summary>
    /// Categories as bars from the most reports (top) to the fewest, with the cumulative share of the
    /// shown reports on the upper axis. Lying bars, so that the long Swedish category names read level.
    /// </summary>
    private static Plot Pareto(ParetoChart chart)
    {
        var plot = NewPlot(chart.Heading);
        var shown = chart.Categories.Where(category => category.Count.Value > 0)
            .OrderByDescending(category => category.Count.Value).ThenBy(category => category.Label, StringComparer.Create(SwedishCulture, false))
            .ToList();
        var suppressed = chart.Categories.Where(category => category.Count.Suppressed).ToList();
        if (shown.Count == 0 && suppressed.Count == 0)
            return Empty(plot);

        var rows = shown.Count + suppressed.Count;
        double RowOf(int index) => rows - 1 - index;

        var bars = plot.Add.Bars(shown.Select((category, index) => new Bar
        {
            Position = RowOf(index),
            Value = category.Count.Value!.Value,
            FillColor = Palette[0],
            LineWidth = 0,
            Size = 0.7,
        }).ToList());
        bars.Horizontal = true;
        bars.LegendText = "Antal avvikelser";

        var suppressedLabel = SuppressedLabel(chart.SuppressionThreshold);
        for (var index = 0; index < suppressed.Count; index++)
        {
            var label = plot.Add.Text(suppressedLabel, 0, RowOf(shown.Count + index));
            label.LabelAlignment = Alignment.MiddleLeft;
            label.LabelOffsetX = 6;
            label.LabelFontName = ChartFont.Family;
            label.LabelFontSize = 13;
            label.LabelFontColor = Ink;
        }

        var total = shown.Sum(category => category.Count.Value!.Value);
        if (total > 0)
        {
            var running = 0.0;
            var cumulative = shown.Select(category => 100.0 * (running += category.Count.Value!.Value) / total).ToArray();
            var line = plot.Add.Scatter(cumulative, Enumerable.Range(0, shown.Count).Select(RowOf).ToArray(), Palette[1]);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = "Kumulativ andel av de visade, % (övre skalan)";
            line.Axes.XAxis = plot.Axes.Top;
            var eighty = plot.Add.VerticalLine(80, 1, Colors.Gray, LinePattern.Dashed);
            eighty.Axes.XAxis = plot.Axes.Top;
            plot.Axes.SetLimitsX(0, 105, plot.Axes.Top);
        }

        var labels = shown.Concat(suppressed).Select(category => category.Label).ToArray();
        plot.Axes.Left.TickGenerator = new NumericManual([.. Enumerable.Range(0, rows).Select(RowOf)], labels);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(0, Math.Max(1, shown.Count == 0 ? 0 : shown[0].Count.Value!.Value) * 1.1, plot.Axes.Bottom);
        plot.Axes.SetLimitsY(-0.6, rows - 0.4);
        plot.XLabel(suppressed.Count > 0
            ? $"Antal avvikelser · {suppressedLabel}: färre än {chart.SuppressionThreshold} eller dolt, visas inte och räknas inte in i andelen"
            : "Antal avvikelser");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>One shape per area over the categories (spokes); a suppressed count is drawn at zero and said so.</summary>
    private static Plot AreasRadar(AreasRadarChart chart)
    {
        var plot = NewPlot(chart.Heading);
        // Spokes for the categories, and shapes for the areas, that have a count to show.
        var spokes = Enumerable.Range(0, chart.Categories.Count)
            .Where(spoke => chart.Areas.Any(area => spoke < area.Counts.Count && area.Counts[spoke].Value > 0))
            .ToList();
        var areas = chart.Areas.Where(area => area.Counts.Any(count => count.Value > 0)).ToList();
        if (spokes.Count < 3 || areas.Count == 0)
        {
            return Empty(plot, chart.Areas.SelectMany(area => area.Counts).Any(count => count.Suppressed)
                ? $"För få kategorier med minst {chart.SuppressionThreshold} avvikelser i ett område för ett radardiagram.\nVälj en längre period."
                : "För få kategorier med avvikelser för ett radardiagram under perioden.");
        }

        var values = new double[areas.Count, spokes.Count];
        for (var area = 0; area < areas.Count; area++)
        {
            for (var spoke = 0; spoke < spokes.Count; spoke++)
                values[area, spoke] = spokes[spoke] < areas[area].Counts.Count ? areas[area].Counts[spokes[spoke]].Value ?? 0 : 0;
        }

        var radar = plot.Add.Radar(values);
        for (var area = 0; area < areas.Count; area++)
        {
            var series = radar.Series[area];
            var color = Palette[area % Palette.Length];
            series.LegendText = areas[area].Label;
            series.LineColor = color;
            series.LineWidth = 2;
            series.FillColor = color.WithAlpha(0.12);
        }

        var highest = Math.Max(1, values.Cast<double>().Max());
        radar.PolarAxis.SetSpokes([.. spokes.Select(spoke => Wrap(chart.Categories[spoke], 20))], length: highest * 1.3);
        var step = Math.Max(1, (int)Math.Ceiling(highest / 4));
        var circles = Enumerable.Range(1, (int)Math.Ceiling(highest / step)).Select(ring => (double)(ring * step)).ToArray();
        radar.PolarAxis.SetCircles(circles, [.. circles.Select(ring => ring.ToString(CultureInfo.InvariantCulture))]);
        radar.ManageAxisLimits = true;

        HideAxes(plot);
        plot.Axes.SquareUnits();
        plot.ShowLegend(Edge.Right);
        // No axis to write under: the note goes under the heading.
        var footnote = Footnote(areas.SelectMany(area => area.Counts), chart.SuppressionThreshold, "ritas som 0");
        if (footnote.Length > 0)
            plot.Title($"{chart.Heading.Title}\n{chart.Heading.Scope}\n{footnote}");
        return plot;
    }
}
