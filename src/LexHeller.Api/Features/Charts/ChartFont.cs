using ScottPlot;
using SkiaSharp;

namespace LexHeller.Api.Features.Charts;

/// <summary>
/// The one font every chart is drawn in, DejaVu Sans, read from the assembly. The service's container
/// image has no fonts and the Skia build it uses asks no font service, so without this the charts
/// would have no text; with it, PNGs look the same on every host and Swedish letters are always there.
/// </summary>
public static class ChartFont
{
    /// <summary>The family name the font file declares (and the SVG names).</summary>
    public const string Family = "DejaVu Sans";

    /// <summary>What a browser uses when it lacks DejaVu Sans: Verdana has nearly the same widths.</summary>
    public const string SvgFallbacks = "DejaVu Sans, Verdana, Arial, sans-serif";

    private const string Resource = "Charts.DejaVuSans.ttf";

    private static readonly Lazy<SKTypeface> Typeface = new(Load);

    private static readonly Lazy<bool> Registration = new(() =>
    {
        Fonts.FontResolvers.Insert(0, new Resolver());
        return true;
    });

    /// <summary>Makes ScottPlot find the font by <see cref="Family"/>; safe to call from any thread, any number of times.</summary>
    public static void EnsureRegistered() => _ = Registration.Value;

    private static SKTypeface Load()
    {
        using var stream = typeof(ChartFont).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded font '{Resource}' is missing from the assembly.");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"The embedded font '{Resource}' could not be read.");
    }

    /// <summary>Answers for <see cref="Family"/> only (bold and italic come out regular); other names go to the next resolver.</summary>
    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? Typeface.Value : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, bold: false, italic: false);
    }
}
