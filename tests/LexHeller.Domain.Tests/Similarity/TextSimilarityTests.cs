using System.Text.Json;
using LexHeller.Domain.Similarity;

namespace LexHeller.Domain.Tests.Similarity;

public sealed class TextSimilarityTests
{
    /// <summary>The first fixture report told again in other words, as a second reporter might.</summary>
    public const string NearDuplicateOfFirstFixture =
        "Försörjningsstödet begärde ett läkarintyg för att kunna bedöma arbetsförmågan. Vårdcentralen skrev i stället ett intyg "
        + "för sjukpenning, men Försäkringskassan kunde inte använda intyget eftersom personen saknar SGI. Ingen visste vilket intyg som behövdes. "
        + "Personen blev utan planering i sex veckor och fick åka till vårdcentralen två gånger.";

    [Fact]
    public void A_text_is_entirely_like_itself() =>
        Assert.Equal(1, TextSimilarity.Score(FixtureTexts()[0], FixtureTexts()[0]), precision: 12);

    [Fact]
    public void Texts_without_a_4_gram_in_common_score_zero() =>
        Assert.Equal(0, TextSimilarity.Score("katt hund", "fisk buss"));

    [Fact]
    public void Case_punctuation_stop_words_and_short_words_do_not_count() =>
        Assert.Equal(1, TextSimilarity.Score(
            "Försäkringskassan avslog sjukpenning.",
            "FÖRSÄKRINGSKASSAN, och så avslog de: sjukpenning!"), precision: 12);

    [Fact]
    public void Words_are_lower_cased_and_split_at_punctuation_without_stop_words_or_short_words() =>
        Assert.Equal(["vårdcentralen", "sip", "möte", "uteblev"], TextSimilarity.Words("Vårdcentralen, SIP-möte och 16–29 år: uteblev!"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("och att det i på av")]
    public void A_text_without_words_that_count_is_like_nothing(string? text)
    {
        Assert.Equal(0, TextSimilarity.Score(text, text));
        Assert.Equal(0, TextSimilarity.Score(text, FixtureTexts()[0]));
    }

    [Fact]
    public void Inflected_and_compound_forms_meet_where_other_words_do_not()
    {
        Assert.True(TextSimilarity.Score("läkarintyget", "intyg") > 0.2);
        Assert.Equal(0, TextSimilarity.Score("läkarintyget", "arbetsförmåga"));
    }

    [Fact]
    public void The_words_for_the_person_say_nothing_about_the_failure() =>
        Assert.Equal(0, TextSimilarity.Score("Personen väntade.", "Den enskilde, personens ärende."));

    [Fact]
    public void Scores_are_symmetric_and_between_zero_and_one()
    {
        var texts = FixtureTexts();
        foreach (var first in texts)
        {
            foreach (var second in texts)
            {
                var score = TextSimilarity.Score(first, second);
                Assert.InRange(score, 0, 1);
                Assert.Equal(score, TextSimilarity.Score(second, first), precision: 12);
            }
        }
    }

    [Fact]
    public void A_retelling_of_a_fixture_is_most_like_that_fixture_by_a_clear_margin()
    {
        var scores = FixtureTexts().Select(text => TextSimilarity.Score(NearDuplicateOfFirstFixture, text)).ToList();

        var best = scores.IndexOf(scores.Max());
        Assert.Equal(0, best);
        Assert.True(scores[0] > 0.8 && scores.Skip(1).Max() < 0.4, $"Scores: {string.Join(", ", scores.Select(s => s.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    /// <summary>Each fixture report's description and consequence, as duplicate detection reads them.</summary>
    public static IReadOnlyList<string> FixtureTexts()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "reports.sv.json")));
        return [.. document.RootElement.GetProperty("reports").EnumerateArray()
            .Select(report => $"{report.GetProperty("description").GetString()} {report.GetProperty("consequence").GetString()}")];
    }
}
