using System.Text.Json;
using LexHeller.Domain.Privacy;

namespace LexHeller.Domain.Tests.Privacy;

public sealed class PersonalNumberGuardTests
{
    public static TheoryData<string> FixtureSamplesToReject() => [.. FixtureList("reject")];

    public static TheoryData<string> FixtureLookAlikesToAccept() => [.. FixtureList("accept")];

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

    [Fact]
    public void Every_number_in_a_text_is_reported_with_its_position_and_kind()
    {
        const string text = "Först 811218-9876, sedan 701063-2391 och ett telefonnummer 0701234567.";

        var found = PersonalNumberGuard.Find(text);

        Assert.Equal(2, found.Count);
        Assert.Equal("811218-9876", text.Substring(found[0].Index, found[0].Length));
        Assert.Equal(PersonalNumberKind.PersonalIdentityNumber, found[0].Kind);
        Assert.Equal("701063-2391", text.Substring(found[1].Index, found[1].Length));
        Assert.Equal(PersonalNumberKind.CoordinationNumber, found[1].Kind);
    }

    private static IEnumerable<string> FixtureList(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "personal-numbers.json")));
        return [.. document.RootElement.GetProperty(name).EnumerateArray().Select(item => item.GetString()!)];
    }
}
