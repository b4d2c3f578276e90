using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace LexHeller.Api.Infrastructure.Mail;

/// <summary>
/// The HTML part of a mail, made from its plain text (the text is what is written; the HTML only shows it): each
/// paragraph a <c>p</c>, line breaks kept, every http(s) address a link, everything else encoded.
/// </summary>
public static partial class MailHtml
{
    public static string FromPlainText(string text, string title)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title))
            .Append("</title></head>\n<body style=\"font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5;\">\n");
        foreach (var paragraph in text.Replace("\r\n", "\n").Split("\n\n"))
        {
            if (string.IsNullOrWhiteSpace(paragraph))
                continue;
            var lines = paragraph.Split('\n').Select(Line);
            html.Append("<p>").Append(string.Join("<br>\n", lines)).Append("</p>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static string Line(string line)
    {
        var result = new StringBuilder();
        var last = 0;
        foreach (Match match in Link().Matches(line))
        {
            result.Append(WebUtility.HtmlEncode(line[last..match.Index]));
            var url = WebUtility.HtmlEncode(match.Value);
            result.Append("<a href=\"").Append(url).Append("\">").Append(url).Append("</a>");
            last = match.Index + match.Length;
        }

        return result.Append(WebUtility.HtmlEncode(line[last..])).ToString();
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Link();
}
