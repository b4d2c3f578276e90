using System.Text.Json;
using LexHeller.Domain.Privacy;

namespace LexHeller.Domain.Tests.Privacy;

public sealed class PersonalNumberGuardTests
{
    public static TheoryData<string> FixtureSamplesToReject() => [.. FixtureList("reject")];

    public static TheoryData<string> FixtureLookAlikesToAccept() => [.. FixtureList("accept")];

    /// <summary>Each spelling of <c>personal-number-spellings.json</c>: what it shows, the number spelled, and the text.</summary>
    public static TheoryData<string, string, string> Spellings() =>
        [.. Spelling("spellings").Select(item => (item.GetProperty("spelling").GetString()!, item.GetProperty("number").GetString()!, item.GetProperty("text").GetString()!))];

    public static TheoryData<string, string> LookAlikes() =>
        [.. Spelling("lookAlikes").Select(item => (item.GetProperty("what").GetString()!, item.GetProperty("text").GetString()!))];

    public static TheoryData<string, string> BlindSpots() =>
        [.. Spelling("notCaught").Select(item => (item.GetProperty("why").GetString()!, item.GetProperty("text").GetString()!))];

    [Fact]
    public void The_shared_lists_hold_at_least_60_spellings_of_at_least_6_numbers_and_40_look_alikes()
    {
        var spellings = Spelling("spellings").ToList();
        var numbers = spellings.GroupBy(item => item.GetProperty("number").GetString()).ToList();

        Assert.True(spellings.Count >= 60, $"{spellings.Count} spellings");
        Assert.True(numbers.Count >= 6, $"{numbers.Count} numbers");
        Assert.All(numbers, number => Assert.True(number.Count() >= 5, $"{number.Key} is spelled only {number.Count()} ways"));
        Assert.Equal(spellings.Count, spellings.Select(item => item.GetProperty("spelling").GetString()).Distinct().Count());
        Assert.True(Spelling("lookAlikes").Count() >= 40);
    }

    [Theory]
    [MemberData(nameof(Spellings))]
    public void Every_spelling_of_a_valid_number_is_found_as_its_kind_where_it_stands(string spelling, string number, string text)
    {
        var found = PersonalNumberGuard.Find(text);

        var match = Assert.Single(found);
        var kind = int.Parse(number.AsSpan(6, 2)) > 60 ? PersonalNumberKind.CoordinationNumber : PersonalNumberKind.PersonalIdentityNumber;
        Assert.Equal(kind, match.Kind);
        // The match covers the spelled number in the original text: its digits, and nothing but separators and invisible characters besides.
        var covered = text.Substring(match.Index, match.Length);
        Assert.Equal(number.Replace("-", "")[^10..], PersonalNumberGuard.Normalize(covered).Where(char.IsAsciiDigit).TakeLast(10).Aggregate("", (all, ch) => all + ch));
        Assert.True(PersonalNumberGuard.ContainsPersonalNumber(text), spelling);
    }

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void Every_look_alike_passes(string what, string text) =>
        Assert.False(PersonalNumberGuard.ContainsPersonalNumber(text), what);

    [Theory]
    [MemberData(nameof(BlindSpots))]
    public void What_the_guard_deliberately_does_not_catch_passes_as_docs_security_says(string why, string text) =>
        Assert.False(PersonalNumberGuard.ContainsPersonalNumber(text), why);

    [Theory]
    [InlineData("850709\u20139805", "850709-9805")]                      // en dash
    [InlineData("850709\u22129805", "850709-9805")]                      // minus sign
    [InlineData("850709\u20119805", "850709-9805")]                      // non-breaking hyphen (NFKC: hyphen, a dash)
    [InlineData("850709\uff0d9805", "850709-9805")]                      // full-width hyphen-minus (NFKC: -)
    [InlineData("850709 \u2014 9805", "850709 9805")]                    // a run with a space in it is one space
    [InlineData("850709\u00a0\t\n\u202f9805", "850709 9805")]         // no-break, tab, line feed, narrow no-break
    [InlineData("1985.07.09/9805", "1985-07-09-9805")]                    // dots and slashes
    [InlineData("121212+1212", "121212-1212")]                            // plus
    [InlineData("85\u200b07\u00ad09\u2060-\ufeff9805", "850709-9805")] // zero-width space, soft hyphen, word joiner, BOM removed
    [InlineData("8\u03015\u20e3", "85")]                                // combining and enclosing marks removed
    [InlineData("\u2078\u2085\U0001d7d6\uff18\u0668\u2467", "858888")] // superscript, subscript, mathematical, full-width, Arabic-Indic, circled
    [InlineData("Ärende nr: 12,5 (kr)", "Ärende nr: 12,5 (kr)")]          // letters, commas, colons and brackets stay
    public void Normalisation_reads_every_digit_as_ascii_drops_invisible_marks_and_makes_each_separator_run_one(string text, string expected) =>
        Assert.Equal(expected, PersonalNumberGuard.Normalize(text));

    [Theory]
    [MemberData(nameof(FixtureSamplesToReject))]
    public void Every_fixture_personal_number_is_found(string text) =>
        Assert.True(PersonalNumberGuard.ContainsPersonalNumber(text), text);

    [Theory]
    [MemberData(nameof(FixtureLookAlikesToAccept))]
    public void Every_fixture_look_alike_passes(string text) =>
        Assert.False(PersonalNumberGuard.ContainsPersonalNumber(text), text);

    [Theory]
    [InlineData("811218-9876")]          // ten digits with hyphen
    [InlineData("8112189876")]           // ten digits, no separator
    [InlineData("19811218-9876")]        // twelve digits with hyphen
    [InlineData("198112189876")]         // twelve digits, no separator
    [InlineData("811218 9876")]          // ten digits with a space
    [InlineData("121212+1212")]          // '+' for a person over 100 (born 1912)
    [InlineData("191212121212")]         // the Tax Agency's test number in twelve digits
    [InlineData("701063-2391")]          // coordination number: day 63 = the 3rd
    [InlineData("197010632391")]         // coordination number in twelve digits
    [InlineData("000229-8883")]          // 29 February in 2000, a leap year
    public void Personal_and_coordination_numbers_in_every_written_form_are_found(string number)
    {
        Assert.True(PersonalNumberGuard.ContainsPersonalNumber(number), number);
        Assert.True(PersonalNumberGuard.ContainsPersonalNumber($"Klienten ({number}) fick avslag."), number);
        Assert.True(PersonalNumberGuard.ContainsPersonalNumber($"pnr:{number}."), number);
    }

    [Theory]
    [InlineData("811218-9875")]           // wrong check digit
    [InlineData("811318-9875")]           // month 13 (check digit valid)
    [InlineData("810230-1234")]           // 30 February (check digit valid)
    [InlineData("010229-1234")]           // 29 February 1901/2001 (check digit valid): no leap year in either century
    [InlineData("701093-2395")]           // coordination day 93 is the 33rd (check digit valid)
    [InlineData("556677-8899")]           // organisation-number shape, month 66 (check digit valid)
    [InlineData("8112189876123")]         // part of a longer run of digits
    [InlineData("12345678901")]           // eleven digits
    [InlineData("Ring 08-123 456 78")]    // a phone number
    [InlineData("LH-2026-00042")]         // a report reference
    [InlineData("HL-2026-00042")]         // a report reference with an association's own prefix
    [InlineData("SFH2-2026-00042")]       // and one with a digit in it
    [InlineData("2026-10-14")]            // a date
    [InlineData("")]
    [InlineData(null)]
    public void Look_alikes_are_not_personal_numbers(string? text) =>
        Assert.False(PersonalNumberGuard.ContainsPersonalNumber(text), text);

    [Theory]
    [InlineData("Personen (８１１２１８-９８７６) hänvisades vidare.")]   // full-width digits
    [InlineData("Personen (٨١١٢١٨-٩٨٧٦) hänvisades vidare.")]           // Arabic-Indic digits
    [InlineData("Personen (811218-９８７６) hänvisades vidare.")]        // mixed
    public void A_number_written_in_the_digits_of_another_script_is_found(string text) =>
        Assert.True(PersonalNumberGuard.ContainsPersonalNumber(text));

    [Fact]
    public void Digits_of_another_script_that_form_no_personal_number_pass() =>
        Assert.False(PersonalNumberGuard.ContainsPersonalNumber("Beloppet var ١٢٣٤٥٦٧٨٩٠ kr och ８１１２１８-９８７５."));

    [Theory]
    [InlineData("811218-9876")]
    [InlineData("\U0001d7d6\U0001d7cf\u200b1218\u2013 9876")] // mathematical digits (two UTF-16 units each), a zero-width space, an en dash
    public void Every_number_in_a_text_is_reported_with_its_position_in_the_original_text_and_kind(string first)
    {
        var text = $"Först {first}, sedan 701063-2391 och ett telefonnummer 0701234567.";

        var found = PersonalNumberGuard.Find(text);

        Assert.Equal(2, found.Count);
        Assert.Equal(first, text.Substring(found[0].Index, found[0].Length));
        Assert.Equal(PersonalNumberKind.PersonalIdentityNumber, found[0].Kind);
        Assert.Equal("701063-2391", text.Substring(found[1].Index, found[1].Length));
        Assert.Equal(PersonalNumberKind.CoordinationNumber, found[1].Kind);
    }

    private static IEnumerable<JsonElement> Spelling(string list)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "personal-number-spellings.json")));
        return [.. document.RootElement.GetProperty(list).EnumerateArray().Select(item => item.Clone())];
    }

    private static IEnumerable<string> FixtureList(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "personal-numbers.json")));
        return [.. document.RootElement.GetProperty(name).EnumerateArray().Select(item => item.GetString()!)];
    }
}
