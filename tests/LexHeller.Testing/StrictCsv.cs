using System.Text;

namespace LexHeller.Testing;

/// <summary>
/// A deliberately strict RFC 4180 reader: every row ends with CRLF (the last one too), a bare CR or LF
/// is only allowed inside quotes, a quote may only open a field or be doubled inside a quoted one, and
/// after a closing quote comes the delimiter or the line end. Anything else throws.
/// </summary>
public static class StrictCsv
{
    public static IReadOnlyList<IReadOnlyList<string>> Parse(string text, char delimiter)
    {
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                        throw new FormatException("A quoted field is never closed.");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }

                if (i < text.Length && text[i] != delimiter && text[i] != '\r')
                    throw new FormatException($"Character {i}: '{text[i]}' after a closing quote.");
            }
            else
            {
                while (i < text.Length && text[i] != delimiter && text[i] != '\r')
                {
                    if (text[i] is '"' or '\n')
                        throw new FormatException($"Character {i}: a bare {(text[i] == '"' ? "quote" : "LF")} in an unquoted field.");
                    field.Append(text[i++]);
                }
            }

            row.Add(field.ToString());
            field.Clear();
            if (i >= text.Length)
                throw new FormatException("The last row does not end with CRLF.");
            if (text[i] == delimiter)
            {
                i++;
                continue;
            }

            if (i + 1 >= text.Length || text[i + 1] != '\n')
                throw new FormatException($"Character {i}: a CR without LF.");
            i += 2;
            rows.Add(row);
            row = [];
        }

        if (rows.Count > 0 && rows.Any(r => r.Count != rows[0].Count))
            throw new FormatException("The rows do not all have as many fields as the header.");
        return rows;
    }
}
