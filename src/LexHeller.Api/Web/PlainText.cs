using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace LexHeller.Api.Web;

/// <summary>
/// Text an administrator wrote (an accessibility statement, a personal-data notice) shown as text, never as markup:
/// a blank line starts a new paragraph, a line break stays a line break, and a web address (http or https) becomes a
/// link to itself. Everything else is encoded, so no markup the text holds can reach the page.
/// </summary>
public static partial class PlainText
{
    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"https?://[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex WebAddress();

    public static IHtmlContent Paragraphs(string text)
    {
        var html = new HtmlContentBuilder();
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        foreach (var paragraph in ParagraphBreak().Split(normalized))
        {
            html.AppendHtml("<p>");
            var lines = paragraph.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                    html.AppendHtml("<br>");
                AppendLine(html, lines[i].Trim());
            }
            html.AppendHtml("</p>");
        }
        return html;
    }

    private static void AppendLine(HtmlContentBuilder html, string line)
    {
        var written = 0;
        foreach (Match match in WebAddress().Matches(line))
        {
            // A sentence's full stop or comma after an address is the sentence's, not the address's.
            var address = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')');
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                continue;
            html.Append(line[written..match.Index]);
            html.AppendHtml($"<a href=\"{HtmlEncoder.Default.Encode(address)}\">");
            html.Append(address);
            html.AppendHtml("</a>");
            written = match.Index + address.Length;
        }
        html.Append(line[written..]);
    }
}
