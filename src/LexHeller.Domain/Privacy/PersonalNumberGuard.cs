namespace LexHeller.Domain.Privacy;

/// <summary>
/// Finds Swedish personal identity numbers (personnummer) and coordination numbers
/// (samordningsnummer) in free text, however they are spelled, so that a report never stores text
/// that identifies a person. <c>assets/site.js</c> mirrors this rule; a browser test runs both over
/// the same samples.
/// </summary>
/// <remarks>
/// <para>
/// First the text is <see cref="Normalize">normalised</see>: Unicode NFKC (superscript, full-width and
/// mathematical digits become digits), the digits of every script as ASCII digits, invisible
/// (format) and combining characters removed, and every run of separators — dashes of every kind
/// and the minus sign, spaces of every kind, tabs and line breaks, dots, slashes and <c>+</c> — as
/// one separator: a space when the run holds a space, tab or line break, otherwise <c>-</c>.
/// </para>
/// <para>
/// Then digit groups joined by single separators form a chain (anything else — a letter, a comma, a
/// colon, a bracket — ends it). A candidate is a window of whole groups of a chain with 10 or 12
/// digits in all, so separators are ignored, but only where they can stand in a personal number:
/// between the century, the year, the month, the day and the last four digits
/// (<c>85 07 09-9805</c>, <c>1985-07-09-9805</c>), not inside one of them (the time in
/// <c>2026-03-15 13.05</c> does not make a number); a date written with dashes, dots or slashes and
/// followed by a space and four digits is a date and a number (<c>2026-03-15 4580 kr</c>). A window
/// that the chain continues with a separator other than a space (<c>2026-03-15–2026-03-20</c>: the
/// year 2026 of the second date is no serial number) is part of something longer. A candidate counts when its date part is a real
/// calendar date (for coordination numbers the day is raised by 60; a twelve-digit number is born in
/// the 1800s, 1900s or 2000s) and its last digit is the Luhn check digit of the ten-digit form.
/// Phone numbers, organisation numbers (month 20 or above), dates, amounts and references do not
/// satisfy all of it; a number that does (a valid date and check digit) is indistinguishable from a
/// personal number and is found whatever it really is.
/// </para>
/// </remarks>
public static class PersonalNumberGuard
{
    private const int CoordinationDayOffset = 60;

    /// <summary>A separator run with a space, tab or line break in it.</summary>
    public const char SpacedSeparator = ' ';

    /// <summary>A separator run of dashes, dots, slashes or plus signs only.</summary>
    public const char JoiningSeparator = '-';

    /// <summary>Whether <paramref name="text"/> contains at least one personal or coordination number.</summary>
    public static bool ContainsPersonalNumber(string? text) => Find(text).Count > 0;

    /// <summary>
    /// The text as the guard reads it: NFKC, ASCII digits, no invisible or combining characters, and
    /// each separator run as one <see cref="SpacedSeparator"/> or <see cref="JoiningSeparator"/>.
    /// </summary>
    public static string Normalize(string? text) => NormalizedText.Of(text ?? "").Text;

    /// <summary>Every personal or coordination number in <paramref name="text"/>, in order, with its place in <paramref name="text"/>.</summary>
    public static IReadOnlyList<PersonalNumberMatch> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return [];

        var normalized = NormalizedText.Of(text);
        var groups = DigitGroups(normalized.Text);
        var found = new List<PersonalNumberMatch>();
        var takenUntil = -1;
        for (var first = 0; first < groups.Count; first++)
        {
            var digits = 0;
            for (var last = first; last < groups.Count && (last == first || Joined(normalized.Text, groups, last - 1)); last++)
            {
                digits += groups[last].Length;
                if (digits > 12)
                    break;
                if (digits is not (10 or 12) || groups[first].Start < takenUntil)
                    continue;
                if (ContinuesWithoutSpace(normalized.Text, groups, last) || !SplitWherePersonalNumbersSplit(normalized.Text, groups, first, last, digits))
                    continue;

                var number = string.Concat(Enumerable.Range(first, last - first + 1)
                    .Select(index => normalized.Text.AsSpan(groups[index].Start, groups[index].Length).ToString()));
                if (Check(number) is not { } kind)
                    continue;

                var start = normalized.SourceStart[groups[first].Start];
                var end = normalized.SourceEnd[groups[last].Start + groups[last].Length - 1];
                found.Add(new PersonalNumberMatch(start, end - start, kind));
                takenUntil = groups[last].Start + groups[last].Length;
                break;
            }
        }

        return found;
    }

    /// <summary>The maximal runs of ASCII digits in the normalised text.</summary>
    private static List<(int Start, int Length)> DigitGroups(string normalized)
    {
        var groups = new List<(int Start, int Length)>();
        for (var i = 0; i < normalized.Length; i++)
        {
            if (!char.IsAsciiDigit(normalized[i]))
                continue;
            var start = i;
            while (i + 1 < normalized.Length && char.IsAsciiDigit(normalized[i + 1]))
                i++;
            groups.Add((start, i - start + 1));
        }

        return groups;
    }

    /// <summary>Whether group <paramref name="index"/> and the next are joined by a single separator run.</summary>
    private static bool Joined(string normalized, List<(int Start, int Length)> groups, int index)
    {
        var end = groups[index].Start + groups[index].Length;
        return index + 1 < groups.Count && groups[index + 1].Start == end + 1
            && normalized[end] is SpacedSeparator or JoiningSeparator;
    }

    /// <summary>Whether the chain goes on after group <paramref name="last"/> with a dash, dot, slash or plus (no space).</summary>
    private static bool ContinuesWithoutSpace(string normalized, List<(int Start, int Length)> groups, int last) =>
        Joined(normalized, groups, last) && normalized[groups[last].Start + groups[last].Length] == JoiningSeparator;

    /// <summary>
    /// Whether every separator inside the window stands between the parts of a personal number:
    /// after the century, the year, the month or the day (after 2, 4 or 6 digits of YYMMDDNNNC,
    /// after 2, 4, 6 or 8 of YYYYMMDDNNNC). A date written with dashes, dots or slashes and then a
    /// space and four digits (<c>2026-03-15 4580</c>, <c>15.03.26 1305</c>) is a date and a number.
    /// </summary>
    private static bool SplitWherePersonalNumbersSplit(string normalized, List<(int Start, int Length)> groups, int first, int last, int digits)
    {
        var offset = 0;
        var dateJoined = false;
        for (var index = first; index < last; index++)
        {
            offset += groups[index].Length;
            if (offset % 2 != 0 || offset > digits - 4)
                return false;

            var separator = normalized[groups[index].Start + groups[index].Length];
            if (offset < digits - 4)
                dateJoined |= separator == JoiningSeparator;
            else if (dateJoined && separator == SpacedSeparator)
                return false;
        }

        return true;
    }

    /// <summary>The kind of number when the 10 or 12 digits have a real date and the Luhn check digit; otherwise null.</summary>
    private static PersonalNumberKind? Check(string digits)
    {
        int? century = null;
        if (digits.Length == 12)
        {
            century = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
            if (century is < 18 or > 20)
                return null;
            digits = digits[2..];
        }

        if (!IsValidDate(century, digits.AsSpan(0, 6), out var isCoordinationNumber) || !HasValidCheckDigit(digits))
            return null;
        return isCoordinationNumber ? PersonalNumberKind.CoordinationNumber : PersonalNumberKind.PersonalIdentityNumber;
    }

    private static bool IsValidDate(int? century, ReadOnlySpan<char> yymmdd, out bool isCoordinationNumber)
    {
        var yy = int.Parse(yymmdd[..2], CultureInfo.InvariantCulture);
        var month = int.Parse(yymmdd.Slice(2, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(yymmdd.Slice(4, 2), CultureInfo.InvariantCulture);

        isCoordinationNumber = day > CoordinationDayOffset;
        if (isCoordinationNumber)
            day -= CoordinationDayOffset;

        if (month is < 1 or > 12 || day < 1)
            return false;

        // With a century the year is known. Without one it is in the 1900s or the 2000s ('+' for people
        // over 100 means the 1800s or the 1900s, which allows no date the 1900s and 2000s do not);
        // the date is real when it is real in either, which only matters for 29 February.
        int[] years = century is { } known ? [known * 100 + yy] : [1900 + yy, 2000 + yy];
        return years.Any(year => day <= DateTime.DaysInMonth(year, month));
    }

    /// <summary>The Luhn check over the ten-digit form YYMMDDNNNC.</summary>
    private static bool HasValidCheckDigit(string tenDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var digit = tenDigits[i] - '0';
            var product = i % 2 == 0 ? digit * 2 : digit;
            sum += product > 9 ? product - 9 : product;
        }

        var expected = (10 - sum % 10) % 10;
        return tenDigits[9] - '0' == expected;
    }

    /// <summary>The normalised text, and for each of its characters the part of the original text it came from.</summary>
    private sealed class NormalizedText
    {
        private readonly StringBuilder _text;
        private readonly List<int> _sourceStart;
        private readonly List<int> _sourceEnd;

        private NormalizedText(int capacity)
        {
            _text = new StringBuilder(capacity);
            _sourceStart = new List<int>(capacity);
            _sourceEnd = new List<int>(capacity);
        }

        public string Text { get; private set; } = "";

        public IReadOnlyList<int> SourceStart => _sourceStart;

        public IReadOnlyList<int> SourceEnd => _sourceEnd;

        public static NormalizedText Of(string text)
        {
            var normalized = new NormalizedText(text.Length);
            var index = 0;
            foreach (var rune in text.EnumerateRunes())
            {
                var end = index + rune.Utf16SequenceLength;
                if (rune.IsAscii || IsInvisible(rune))
                {
                    normalized.Add(rune, index, end);
                }
                else
                {
                    foreach (var part in Nfkc(rune).EnumerateRunes())
                        normalized.Add(part, index, end);
                }

                index = end;
            }

            normalized.Text = normalized._text.ToString();
            return normalized;
        }

        private static string Nfkc(Rune rune)
        {
            try
            {
                return rune.ToString().Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                return rune.ToString();
            }
        }

        private void Add(Rune rune, int sourceStart, int sourceEnd)
        {
            if (IsInvisible(rune))
                return;

            if (Rune.IsDigit(rune))
            {
                Append((char)('0' + (int)Rune.GetNumericValue(rune)), sourceStart, sourceEnd);
            }
            else if (IsSeparator(rune))
            {
                var separator = Rune.IsWhiteSpace(rune) ? SpacedSeparator : JoiningSeparator;
                var last = _text.Length - 1;
                if (last >= 0 && _text[last] is SpacedSeparator or JoiningSeparator)
                {
                    if (separator == SpacedSeparator)
                        _text[last] = SpacedSeparator;
                    _sourceEnd[last] = sourceEnd;
                }
                else
                {
                    Append(separator, sourceStart, sourceEnd);
                }
            }
            else
            {
                Span<char> chars = stackalloc char[2];
                var written = rune.EncodeToUtf16(chars);
                for (var i = 0; i < written; i++)
                    Append(chars[i], sourceStart, sourceEnd);
            }
        }

        private void Append(char ch, int sourceStart, int sourceEnd)
        {
            _text.Append(ch);
            _sourceStart.Add(sourceStart);
            _sourceEnd.Add(sourceEnd);
        }

        /// <summary>Format characters (zero-width space and joiners, word joiner, soft hyphen, BOM…) and combining marks.</summary>
        private static bool IsInvisible(Rune rune) => Rune.GetUnicodeCategory(rune)
            is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

        /// <summary>Dashes of every kind and the minus sign, spaces of every kind, tabs and line breaks, dots, slashes and plus.</summary>
        private static bool IsSeparator(Rune rune) =>
            Rune.IsWhiteSpace(rune)
            || Rune.GetUnicodeCategory(rune) is UnicodeCategory.DashPunctuation or UnicodeCategory.SpaceSeparator
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            || rune.Value is '.' or '/' or '+' or 0x2212 or 0x2044 or 0x2215;
    }
}

/// <summary>Where a personal number was found in the original text. The number itself is deliberately not kept.</summary>
public readonly record struct PersonalNumberMatch(int Index, int Length, PersonalNumberKind Kind);

public enum PersonalNumberKind
{
    PersonalIdentityNumber,
    CoordinationNumber,
}
