using System.Text.Encodings.Web;

namespace LexHeller.Api.Web.Pages.Statistics;

/// <summary>
/// The Statistik page's filter as its address carries it, in Swedish (<c>forbund</c>, <c>omrade</c>,
/// <c>fran</c>, <c>till</c>, <c>intervall</c>); the chart and export addresses under <c>/statistik</c>
/// take the same names, so a link copied from the page shows what the page showed.
/// </summary>
public sealed record StatisticsPageFilter(string? Association, string? Area, DateOnly? From, DateOnly? To, string? Interval)
{
    public const string AssociationName = "forbund";
    public const string AreaName = "omrade";
    public const string FromName = "fran";
    public const string ToName = "till";
    public const string IntervalName = "intervall";
    public const string WidthName = "bredd";
    public const string HeightName = "hojd";

    /// <summary>The filter as a query string, <c>?forbund=hoglandet&amp;fran=2026-01-01…</c>, leaving out what is not set.</summary>
    public string QueryString(params (string Name, string? Value)[] extra)
    {
        var pairs = new (string Name, string? Value)[]
        {
            (AssociationName, Association),
            (AreaName, Area),
            (FromName, From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            (ToName, To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            (IntervalName, Interval),
        }.Concat(extra).Where(pair => !string.IsNullOrEmpty(pair.Value)).ToList();
        return pairs.Count == 0 ? "" : "?" + string.Join("&", pairs.Select(pair => $"{pair.Name}={UrlEncoder.Default.Encode(pair.Value!)}"));
    }

    /// <summary>The address of a chart drawn over this filter: <c>/statistik/diagram/pareto.svg?…</c>.</summary>
    public string ChartPath(string chart, string format, params (string Name, string? Value)[] extra) =>
        $"/statistik/diagram/{chart}.{format}{QueryString(extra)}";

    /// <summary>The address of an export over this filter: <c>/statistik/export/avvikelser.csv?…</c>.</summary>
    public string ExportPath(string file, string format) => $"/statistik/export/{file}.{format}{QueryString()}";
}

/// <summary>A chart on the page: which one, its name, what it shows in words (the image's text alternative), over which filter.</summary>
public sealed record ChartLink(string Chart, string Name, string Description, StatisticsPageFilter Filter)
{
    /// <summary>The PNG link's size: sharp on a projector and in a printed board paper.</summary>
    public const string PrintWidth = "1920";
    public const string PrintHeight = "1080";

    public string Svg => Filter.ChartPath(Chart, "svg");

    public string Png => Filter.ChartPath(Chart, "png", (StatisticsPageFilter.WidthName, PrintWidth), (StatisticsPageFilter.HeightName, PrintHeight));
}
