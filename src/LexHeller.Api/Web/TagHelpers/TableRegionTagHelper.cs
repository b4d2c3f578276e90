using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LexHeller.Api.Web.TagHelpers;

/// <summary>
/// Every table scrolls inside a region of its own, so that the page reflows at 320 CSS pixels (WCAG 1.4.10)
/// while a wide table keeps its columns: the region is named by the table's caption (a table must have one),
/// and it is focusable, so that a keyboard user can scroll it too. The caption gets an id when it has none.
/// Each body and footer data cell gets its column's header as <c>data-label</c>: on a narrow screen the style sheet
/// lays each row out as a list of "header: value" lines, so that nothing is clipped or needs scrolling.
/// </summary>
[HtmlTargetElement("table")]
public sealed partial class TableRegionTagHelper : TagHelper
{
    private const string CounterKey = "lh-table-region";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var content = (await output.GetChildContentAsync()).GetContent();
        var caption = Caption().Match(content);
        if (!caption.Success)
            throw new InvalidOperationException("A table needs a caption: it names the region the table scrolls in.");

        var existing = Id().Match(caption.Value);
        var id = existing.Success ? System.Net.WebUtility.HtmlDecode(existing.Groups["id"].Value) : NextId();
        if (!existing.Success)
            content = content.Insert(caption.Index + "<caption".Length, $" id=\"{id}\"");

        output.Content.SetHtmlContent(WithCellLabels(content));
        output.PreElement.SetHtmlContent($"<div class=\"table-region\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{System.Net.WebUtility.HtmlEncode(id)}\">");
        output.PostElement.SetHtmlContent("</div>");
    }

    private string NextId()
    {
        var items = ViewContext.HttpContext.Items;
        var next = items[CounterKey] is int count ? count + 1 : 1;
        items[CounterKey] = next;
        return "table-caption-" + next.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The table's markup with each body and footer cell labelled by the header of its column (the last header row).</summary>
    public static string WithCellLabels(string table)
    {
        var head = Head().Match(table);
        if (!head.Success)
            return table;

        var headerRows = Row().Matches(head.Groups["rows"].Value);
        if (headerRows.Count == 0)
            return table;

        var labels = Cell().Matches(headerRows[^1].Groups["cells"].Value)
            .Select(cell => WebUtility.HtmlEncode(Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(cell.Groups["text"].Value, " ")), " ").Trim()))
            .ToList();
        var bodyStart = head.Index + head.Length;
        var body = Row().Replace(table[bodyStart..], row =>
        {
            var index = 0;
            // Row headers name their row and stand without a label; each data cell gets its column's.
            var cells = CellStart().Replace(row.Groups["cells"].Value, start =>
                index < labels.Count && labels[index++] is { Length: > 0 } label && start.Value == "<td" ? $"{start.Value} data-label=\"{label}\"" : start.Value);
            return row.Value[..(row.Groups["cells"].Index - row.Index)] + cells + "</tr>";
        });
        return table[..bodyStart] + body;
    }

    [GeneratedRegex("""<thead\b[^>]*>(?<rows>.*?)</thead>""", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Head();

    [GeneratedRegex("""<tr\b[^>]*>(?<cells>.*?)</tr>""", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("""<t(?<kind>[hd])\b[^>]*>(?<text>.*?)</t\k<kind>>""", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("""<t[hd](?=[\s>])""", RegexOptions.CultureInvariant)]
    private static partial Regex CellStart();

    [GeneratedRegex("""<[^>]+>""", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex("""\s+""", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex("""<caption(?:\s[^>]*)?>""", RegexOptions.CultureInvariant)]
    private static partial Regex Caption();

    [GeneratedRegex("\\sid=\"(?<id>[^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Id();
}
