using System.Globalization;
using System.Text.RegularExpressions;

namespace LexHeller.Domain.Privacy;

/// <summary>
/// Finds Swedish personal identity numbers (personnummer) and coordination numbers
/// (samordningsnummer) in free text, so that a report never stores text that identifies a person.
/// </summary>
/// <remarks>
/// A candidate is a run of 10 or 12 digits that is not part of a longer digit run, optionally with
/// one separator (<c>-</c>, <c>+</c> or a space) before the last four digits. It counts as a personal
/// number when its date part is a real calendar date (for coordination numbers the day is raised
/// by 60) and its last digit is the Luhn check digit of the ten-digit form. Phone numbers,
/// organisation numbers (month 20 or above), dates and references do not satisfy both rules.
/// </remarks>
public static partial class PersonalNumberGuard
{
    private const int CoordinationDayOffset = 60;

    [GeneratedRegex(
        @"(?<![0-9])(?<century>[0-9]{2})?(?<date>[0-9]{6})(?<separator>[-+ ]?)(?<serial>[0-9]{3})(?<check>[0-9])(?![0-9])",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Candidate();

    /// <summary>Whether <paramref name="text"/> contains at least one personal or coordination number.</summary>
    public static bool ContainsPersonalNumber(string? text) => Find(text).Count > 0;

    /// <summary>Every personal or coordination number in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<PersonalNumberMatch> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return [];

        var found = new List<PersonalNumberMatch>();
        foreach (Match match in Candidate().Matches(AsciiDigits(text)))
        {
            var century = match.Groups["century"];
            var date = match.Groups["date"].Value;
            var separator = match.Groups["separator"].Value;
            var serialAndCheck = match.Groups["serial"].Value + match.Groups["check"].Value;

            if (!IsValidDate(century.Success ? century.Value : null, date, separator, out var isCoordinationNumber))
                continue;
            if (!HasValidCheckDigit(date + serialAndCheck))
                continue;

            found.Add(new PersonalNumberMatch(match.Index, match.Length,
                isCoordinationNumber ? PersonalNumberKind.CoordinationNumber : PersonalNumberKind.PersonalIdentityNumber));
        }

        return found;
    }

    /// <summary>
    /// Digits of any script (full-width ８, Arabic-Indic ٨…) as ASCII digits, one character for one,
    /// so a number typed with another keyboard is found and positions stay the same.
    /// </summary>
    private static string AsciiDigits(string text)
    {
        if (!text.Any(ch => ch > '\u007f' && char.IsDigit(ch)))
            return text;

        return string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var ch = source[i];
                span[i] = ch > '\u007f' && char.IsDigit(ch) ? (char)('0' + (int)char.GetNumericValue(ch)) : ch;
            }
        });
    }

    private static bool IsValidDate(string? century, string yymmdd, string separator, out bool isCoordinationNumber)
    {
        var yy = int.Parse(yymmdd.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var month = int.Parse(yymmdd.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(yymmdd.AsSpan(4, 2), CultureInfo.InvariantCulture);

        isCoordinationNumber = day > CoordinationDayOffset;
        if (isCoordinationNumber)
            day -= CoordinationDayOffset;

        if (month is < 1 or > 12 || day < 1)
            return false;

        // With a century the year is known. Without one (and with '+' for people over 100) it is
        // one of a few centuries; the date is real when it is real in any of them, which only
        // matters for 29 February.
        IEnumerable<int> years = century is not null
            ? [int.Parse(century, CultureInfo.InvariantCulture) * 100 + yy]
            : separator == "+" ? [1800 + yy, 1900 + yy] : [1900 + yy, 2000 + yy];

        return years.Any(year => year >= 1 && day <= DateTime.DaysInMonth(year, month));
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
}

/// <summary>Where a personal number was found. The number itself is deliberately not kept.</summary>
public readonly record struct PersonalNumberMatch(int Index, int Length, PersonalNumberKind Kind);

public enum PersonalNumberKind
{
    PersonalIdentityNumber,
    CoordinationNumber,
}
