using System.Buffers.Binary;
using System.Text;
using System.Xml.Linq;
using LexHeller.Api.Features.Charts;

namespace LexHeller.Api.Tests.Charts;

/// <summary>The renderer on its own: every chart in both formats, the sizes, suppressed counts and the Swedish text.</summary>
public sealed class ChartRendererTests
{
    private static readonly ChartHeading Heading = new("Avvikelser per kategori och månad", "Samordningsförbundet Höglandet · hela året");

    private static readonly string[] Kinds = ["Kommun", "Region", "Försäkringskassan"];

    public static TheoryData<string> Kinds_of_chart => [.. Enum.GetValues<ChartKind>().Select(kind => kind.ToString())];

    [Theory]
    [MemberData(nameof(Kinds_of_chart))]
    public void Every_chart_as_SVG_is_an_XML_document_with_an_svg_root_that_names_the_chart(string kind)
    {
        var chart = Render(Enum.Parse<ChartKind>(kind), ChartFormat.Svg, 960, 540);

        Assert.Equal("image/svg+xml", chart.ContentType);
        var svg = XDocument.Parse(Encoding.UTF8.GetString(chart.Content)).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("0 0 960 540", (string?)svg.Attribute("viewBox"));
        Assert.Contains(Heading.Title, svg.Elements(svg.Name.Namespace + "title").Single().Value);
    }

    [Theory]
    [MemberData(nameof(Kinds_of_chart))]
    public void Every_chart_as_PNG_has_the_PNG_signature_and_the_size_asked_for(string kind)
    {
        var chart = Render(Enum.Parse<ChartKind>(kind), ChartFormat.Png, 640, 360);

        Assert.Equal("image/png", chart.ContentType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, chart.Content[..8]);
        Assert.Equal((640, 360), PngSize(chart.Content));
    }

    [Theory]
    [InlineData(ChartRenderer.MinWidth, ChartRenderer.MinHeight)]
    [InlineData(ChartRenderer.MaxWidth, ChartRenderer.MaxHeight)]
    public void The_smallest_and_the_largest_sizes_render(int width, int height)
    {
        var chart = Render(ChartKind.PartyPairs, ChartFormat.Png, width, height);

        Assert.Equal((width, height), PngSize(chart.Content));
    }

    [Fact]
    public void A_withheld_heatmap_cell_is_grey_and_marked_as_withheld_never_with_a_number()
    {
        var chart = new PartyPairsChart(Heading, Kinds, Kinds,
            [[7, ShownCount.Hidden, 0], [0, 12, 3], [4, 0, ShownCount.Hidden]], SuppressionThreshold: 3);

        var svg = SvgOf(ChartRenderer.Render(chart, ChartFormat.Svg, 960, 540));

        var texts = Texts(svg);
        Assert.Equal(2, texts.Count(text => text == ".."));
        Assert.Equal(["0", "0", "0", "12", "3", "4", "7"], texts.Where(text => text.All(char.IsAsciiDigit)).Order(StringComparer.Ordinal));
        var fills = svg.Descendants(svg.Name.Namespace + "rect").Select(rect => (string?)rect.Attribute("fill")).ToList();
        Assert.Equal(2, fills.Count(fill => string.Equals(fill, "#D9D9D9", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void A_withheld_category_in_the_Pareto_chart_is_listed_last_as_withheld_and_left_out_of_the_share()
    {
        var chart = new ParetoChart(Heading,
            [new("Moment 22", 4), new("Oklart ansvar", ShownCount.Hidden), new("Övrigt", 6), new("Kunskap om varandras uppdrag", 0)],
            SuppressionThreshold: 3);

        var texts = Texts(SvgOf(ChartRenderer.Render(chart, ChartFormat.Svg, 960, 540)));

        Assert.Equal(["Övrigt", "Moment 22", "Oklart ansvar"], texts.Where(text => text is "Övrigt" or "Moment 22" or "Oklart ansvar"));
        Assert.Contains("..", texts);
        Assert.DoesNotContain("Kunskap om varandras uppdrag", texts);
        Assert.Contains(texts, text => text.Contains("räknas inte in i andelen", StringComparison.Ordinal));
    }

    [Fact]
    public void Swedish_letters_are_written_as_letters_in_a_font_that_has_them()
    {
        var chart = Render(ChartKind.CategoriesOverTime, ChartFormat.Svg, 960, 540);

        var texts = Texts(SvgOf(chart));
        Assert.Contains("Väntetider och handläggningstider", texts);
        Assert.Contains("Övrigt", texts);
        ChartFont.EnsureRegistered();
        var typeface = ScottPlot.Fonts.GetTypeface(ChartFont.Family, bold: false, italic: false);
        Assert.Equal(ChartFont.Family, typeface.FamilyName);
        Assert.True(typeface.ContainsGlyphs("åäöÅÄÖé–·"));
    }

    [Fact]
    public void A_chart_without_reports_says_so_instead_of_drawing_empty_axes()
    {
        var chart = new CategoriesOverTimeChart(Heading, ["jan. 2026", "feb. 2026"], [new ChartSeries("Moment 22", [0, 0])], SuppressionThreshold: 3);

        var texts = Texts(SvgOf(ChartRenderer.Render(chart, ChartFormat.Svg, 960, 540)));

        Assert.Contains("Inga avvikelser att visa under perioden.", texts);
    }

    [Fact]
    public void A_chart_whose_every_count_is_suppressed_says_why_it_is_empty()
    {
        var chart = new AreasRadarChart(Heading, ["Moment 22", "Oklart ansvar", "Övrigt"],
            [new ChartSeries("Nässjö", [ShownCount.Hidden, 0, ShownCount.Hidden])], SuppressionThreshold: 4);

        var texts = Texts(SvgOf(ChartRenderer.Render(chart, ChartFormat.Svg, 960, 540)));

        Assert.Contains("För få kategorier med minst 4 avvikelser i ett område för ett radardiagram.", texts);
        Assert.DoesNotContain("Nässjö", texts);
    }

    private static RenderedChart Render(ChartKind kind, ChartFormat format, int width, int height)
    {
        string[] categories = ["Moment 22", "Oklart ansvar", "Väntetider och handläggningstider", "Övrigt"];
        return kind switch
        {
            ChartKind.CategoriesOverTime => ChartRenderer.Render(new CategoriesOverTimeChart(Heading, ["okt. 2026", "nov. 2026"],
                [.. categories.Select((label, index) => new ChartSeries(label, [index + 3, index == 1 ? ShownCount.Hidden : 5]))], 3),
                format, width, height),
            ChartKind.PartyPairs => ChartRenderer.Render(new PartyPairsChart(Heading, Kinds, Kinds,
                [[3, 4, 5], [ShownCount.Hidden, 0, 9], [6, 7, 8]], 3), format, width, height),
            ChartKind.Pareto => ChartRenderer.Render(new ParetoChart(Heading,
                [.. categories.Select((label, index) => new CategoryTotal(label, index == 2 ? ShownCount.Hidden : 3 + index * 4))], 3),
                format, width, height),
            ChartKind.AreasRadar => ChartRenderer.Render(new AreasRadarChart(Heading, categories,
                [new ChartSeries("Nässjö", [3, 5, 7, ShownCount.Hidden]), new ChartSeries("Eksjö", [6, 0, 4, 3])], 3),
                format, width, height),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static XElement SvgOf(RenderedChart chart) => XDocument.Parse(Encoding.UTF8.GetString(chart.Content)).Root!;

    /// <summary>Every text the SVG shows, one line each (a multi-line title is several).</summary>
    private static List<string> Texts(XElement svg) =>
        [.. svg.Descendants(svg.Name.Namespace + "text").Select(text => text.Value.Trim())];

    /// <summary>Width and height from the PNG's IHDR chunk, which always comes first.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
