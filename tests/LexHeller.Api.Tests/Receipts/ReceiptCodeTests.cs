using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LexHeller.Api.Features.Receipts;

namespace LexHeller.Api.Tests.Receipts;

/// <summary>
/// Receipt codes a person can read aloud (ADR 4): 100 random bits of Crockford base32 in four groups of five, read in
/// any case, with I and L as 1, O as 0, and dashes or spaces anywhere; the old 22-character codes still open their receipts.
/// </summary>
public sealed partial class ReceiptCodeTests : WorkflowTests
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")]
    private static partial Regex GroupedCode();

    [Fact]
    public async Task A_filed_report_gets_a_code_of_four_groups_of_five_Crockford_characters_that_opens_its_receipt()
    {
        var (_, token, reference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));

        Assert.Matches(GroupedCode(), token);
        Assert.Equal(reference, (string)(await Workflow.ReceiptAsync(token))["reference"]!);
        // Only a hash is kept, and it is not the hash of the code as shown (with dashes).
        Assert.Equal(0, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM receipts WHERE token_hash IN (@Token, @Hash)",
            new { Token = token, Hash = Sha256(token) }));
        Assert.Equal(1, await Factory.ScalarAsync<int>("SELECT COUNT(*) FROM receipts WHERE token_hash = @Hash",
            new { Hash = Sha256(token.Replace("-", "", StringComparison.Ordinal)) }));
    }

    [Fact]
    public void Codes_carry_100_bits_spread_evenly_over_the_32_characters_without_I_L_O_or_U()
    {
        const int codes = 4000;
        var counts = new Dictionary<char, int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < codes; i++)
        {
            var code = ReceiptTokens.Create();
            Assert.Matches(GroupedCode(), code);
            Assert.True(seen.Add(code), $"The code {code} came twice.");
            foreach (var ch in code.Where(ch => ch != '-'))
                counts[ch] = counts.GetValueOrDefault(ch) + 1;
        }

        // 20 characters of 32 = 20 × log2(32) = 100 bits, if every character is equally likely.
        Assert.Equal(100, ReceiptTokens.Length * Math.Log2(Crockford.Length));
        Assert.Equal(Crockford.Order(), counts.Keys.Order());
        Assert.DoesNotContain(counts.Keys, ch => ch is 'I' or 'L' or 'O' or 'U');
        // 80,000 characters: 2,500 expected each; a chi-square over 31 degrees of freedom stays far below 80 unless skewed.
        var expected = codes * ReceiptTokens.Length / 32.0;
        var chiSquare = counts.Values.Sum(count => (count - expected) * (count - expected) / expected);
        Assert.True(chiSquare < 80, $"χ² = {chiSquare:0.0}: the characters are not evenly spread.");
    }

    [Theory]
    [InlineData("10KQ2-M1X9D-HT0RW-CE5NB", "10kq2-m1x9d-ht0rw-ce5nb")]   // lower case
    [InlineData("10KQ2-M1X9D-HT0RW-CE5NB", "10KQ2M1X9DHT0RWCE5NB")]      // no dashes
    [InlineData("10KQ2-M1X9D-HT0RW-CE5NB", " 10KQ2 M1X9D HT0RW CE5NB ")] // spaces for dashes
    [InlineData("10KQ2-M1X9D-HT0RW-CE5NB", "10-KQ2-M1X9D--HT0RWCE5-NB")] // dashes elsewhere
    [InlineData("10KQ2-M1X9D-HT0RW-CE5NB", "IOKQ2-MLX9D-HToRW-CE5NB")]   // I and L read as 1, O and o as 0
    [InlineData("10KQ2-M1X9D-HT0RW-CE5NB", "lokq2-mix9d-htorw-ce5nb")]
    public async Task A_code_is_read_in_any_case_with_or_without_dashes_and_with_I_L_O_as_digits(string code, string typed)
    {
        var (id, _, reference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        await GiveReceiptAsync(id, Sha256(code.Replace("-", "", StringComparison.Ordinal)));

        Assert.Equal(reference, (string)(await Workflow.ReceiptAsync(Uri.EscapeDataString(typed)))["reference"]!);

        // The find-receipt page takes what was typed and sends the reporter to the code's grouped address.
        var pages = Factory.CreatePageClient();
        using var found = await pages.PostFormAsync("/kvitto", [new("Code", typed)]);
        Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);
        Assert.Equal($"/kvitto/{code}", found.Headers.Location!.OriginalString);
        Assert.Contains(reference, await pages.GetPageAsync($"/kvitto/{code}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10KQ2-M1X9D-HT0RW-CE5N")]      // 19 characters
    [InlineData("10KQ2-M1X9D-HT0RW-CE5NBB")]    // 21 characters
    [InlineData("10KQ2-M1X9D-HT0RW-CE5NU")]     // U is not a Crockford character
    [InlineData("10KQ2-M1X9D-HT0RW-CE5NB")]     // well formed, but nobody's
    public async Task A_code_of_the_wrong_length_or_with_a_foreign_character_or_unknown_is_a_404(string typed)
    {
        var response = await Workflow.Anonymous.GetAsync($"/api/v1/receipts/{typed}");

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_old_22_character_code_still_opens_its_receipt_exactly_as_written_and_only_so()
    {
        const string old = "HBWl-P9K6AzxDt7AwI3txg";
        var (id, _, reference) = await Workflow.FileAsync(ReportBodies.FromFixture(ReferenceData, 1));
        await Workflow.StepAsync(id, "triage", new { reason = "Bedömd." });
        await Workflow.StepAsync(id, "information-requests", new { question = "Vilket kontor gällde det?", reason = "Oklart kontor." });
        await GiveReceiptAsync(id, Sha256(old));   // as SubmitReport stored it before issue 20

        Assert.Equal(reference, (string)(await Workflow.ReceiptAsync(old))["reference"]!);
        await Problems.AssertProblemAsync(await Workflow.Anonymous.GetAsync($"/api/v1/receipts/{old.ToUpperInvariant()}"), HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(await Workflow.Anonymous.GetAsync($"/api/v1/receipts/{old.Replace("l", "1", StringComparison.Ordinal)}"), HttpStatusCode.NotFound);

        // The reporter answers with it too, and the find-receipt page keeps it as written.
        var reply = await Workflow.Anonymous.PostAsJsonAsync($"/api/v1/receipts/{old}/messages", new { text = "Kontoret i Eksjö." });
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var pages = Factory.CreatePageClient();
        using var found = await pages.PostFormAsync("/kvitto", [new("Code", old)]);
        Assert.Equal($"/kvitto/{old}", found.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_find_receipt_page_describes_the_code_as_it_is_and_refuses_a_malformed_one_in_Swedish()
    {
        var pages = Factory.CreatePageClient();
        var page = WebUtility.HtmlDecode(await pages.GetPageAsync("/kvitto"));
        var example = Regex.Match(page, "[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}").Value;

        Assert.Contains("20 bokstäver och siffror i fyra grupper", page, StringComparison.Ordinal);
        Assert.Matches(GroupedCode(), example);
        Assert.Contains("22 tecken", page, StringComparison.Ordinal);

        using var refused = await pages.PostFormAsync("/kvitto", [new("Code", "ABC-123")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.StartsWith("Koden är inte rätt skriven.", PageForms.ErrorSummary(await refused.Content.ReadAsStringAsync()).Single(), StringComparison.Ordinal);
    }

    private Task GiveReceiptAsync(Guid reportId, string tokenHash) =>
        Factory.ExecuteAsync("UPDATE receipts SET token_hash = @TokenHash WHERE report_id = @ReportId", new { TokenHash = tokenHash, ReportId = reportId });

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text)));
}
