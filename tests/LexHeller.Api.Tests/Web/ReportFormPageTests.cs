using System.Text.RegularExpressions;

namespace LexHeller.Api.Tests.Web;

/// <summary>The report form (Anmälan) over HTTP, as a browser without JavaScript uses it, on a real SQLite database.</summary>
public sealed partial class ReportFormPageTests : IAsyncLifetime
{
    private const string FormPath = "/anmalan?forbund=hoglandet";

    private readonly LexHellerApiFactory _factory = new();
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync() => _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [GeneratedRegex("id=\"receipt-code\" class=\"code-box\">([^<]+)<")]
    private static partial Regex ReceiptCode();

    [GeneratedRegex("med nummer <strong>([A-Z0-9]{2,6}-\\d{4}-\\d{5})</strong>")]
    private static partial Regex Reference();

    /// <summary>What <paramref name="pattern"/> captures on the page; a page without it fails the test instead of giving "".</summary>
    private static string Captured(Regex pattern, string page)
    {
        var match = pattern.Match(page);
        Assert.True(match.Success && match.Groups[1].Value.Length > 0, $"The page has nothing that matches {pattern}.");
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task A_report_filed_through_the_form_gets_a_reference_and_a_receipt_whose_page_shows_it_received()
    {
        var client = _factory.CreatePageClient();

        using var response = await client.PostFormAsync(FormPath, ReportFormFields.FromFixture(_referenceData, NewKey()), "/anmalan");

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reference = Reference().Match(page).Groups[1].Value;
        var code = ReceiptCode().Match(page).Groups[1].Value;
        Assert.Equal("anonymous", await _factory.ScalarAsync<string>("SELECT channel FROM reports WHERE reference = @reference", new { reference }));
        var receipt = await client.GetPageAsync($"/kvitto/{code}");
        Assert.Contains($"Avvikelse {reference}", receipt);
        Assert.Contains("id=\"receipt-status\">Mottagen<", receipt);
    }

    [Fact]
    public async Task Sending_the_form_twice_files_one_report_and_shows_the_same_receipt()
    {
        var client = _factory.CreatePageClient();
        var fields = ReportFormFields.FromFixture(_referenceData, NewKey());
        var before = await CountReportsAsync();

        using var first = await client.PostFormAsync(FormPath, fields, "/anmalan");
        using var second = await client.PostFormAsync(FormPath, fields, "/anmalan");

        var (firstPage, secondPage) = (await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(Captured(ReceiptCode(), firstPage), Captured(ReceiptCode(), secondPage));
        Assert.Equal(Captured(Reference(), firstPage), Captured(Reference(), secondPage));
        Assert.Equal(before + 1, await CountReportsAsync());
    }

    [Fact]
    public async Task An_empty_form_says_in_Swedish_what_each_required_field_needs_and_keeps_what_was_written()
    {
        var client = _factory.CreatePageClient();

        using var response = await client.PostFormAsync(FormPath,
            [new("Input.AssociationCode", "hoglandet"), new("Input.IdempotencyKey", NewKey()), new("Input.Description", "Ett påbörjat utkast <med tecken>.")], "/anmalan");

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ReportFormMessages.ForAFormWithOnlyADescription, PageForms.ErrorSummary(page));
        Assert.Contains("<p id=\"Input_AreaCode-error\" class=\"field-error\"><span class=\"visually-hidden\">Fel: </span>Välj i vilket område det hände.</p>", page);
        Assert.Contains("aria-describedby=\"Input_AreaCode-hint Input_AreaCode-error\"", page);
        Assert.Contains("Ett påbörjat utkast &lt;med tecken&gt;.</textarea>", page);
    }

    [Fact]
    public async Task A_personal_number_is_refused_by_the_server_next_to_its_field_and_nothing_is_stored()
    {
        var client = _factory.CreatePageClient();
        var text = Fixtures.PersonalNumbersToReject()[0];
        var before = await CountReportsAsync();

        using var response = await client.PostFormAsync(FormPath,
            ReportFormFields.FromFixture(_referenceData, NewKey()).With("Input.Consequence", text), "/anmalan");

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal([ReportFormMessages.PersonalNumber], PageForms.ErrorSummary(page));
        Assert.Contains("id=\"Input_Consequence-error\"", page);
        Assert.Equal(before, await CountReportsAsync());
    }

    [Fact]
    public async Task A_personal_number_is_named_together_with_the_other_mistakes_of_the_form()
    {
        var client = _factory.CreatePageClient();

        using var response = await client.PostFormAsync(FormPath,
            ReportFormFields.FromFixture(_referenceData, NewKey()).With("Input.AreaCode", "").With("Input.Description", Fixtures.PersonalNumbersToReject()[1]),
            "/anmalan");

        var summary = PageForms.ErrorSummary(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, summary.Count);
        Assert.Equal("Välj i vilket område det hände.", summary[0]);
        Assert.Equal(ReportFormMessages.PersonalNumber, summary[1]);
    }

    [Fact]
    public async Task A_date_that_cannot_be_read_is_named_as_such()
    {
        var client = _factory.CreatePageClient();

        using var response = await client.PostFormAsync(FormPath,
            ReportFormFields.FromFixture(_referenceData, NewKey()).With("Input.EventDate", "3 november"), "/anmalan");

        Assert.Equal(["Skriv datumet som år-månad-dag, till exempel 2026-11-03."], PageForms.ErrorSummary(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_contact_without_a_way_to_reach_the_reporter_is_asked_for_an_email_or_phone()
    {
        var client = _factory.CreatePageClient();

        using var response = await client.PostFormAsync(FormPath,
            ReportFormFields.FromFixture(_referenceData, NewKey()).With("Input.ContactName", "Anna"), "/anmalan");

        Assert.Equal(["Ange e-postadress eller telefonnummer, så att styrgruppen kan nå dig."], PageForms.ErrorSummary(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_signed_in_reporter_files_through_the_form_channel_with_contact_and_anonymity_kept()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.ReporterEmail);

        using var response = await client.PostFormAsync(FormPath, ReportFormFields.FromFixture(_referenceData, NewKey())
            .With("Input.ContactEmail", "anna.handlaggare@nassjo.example").With("Input.AnonymousToParties", "true"), "/anmalan");

        var reference = Reference().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        var row = (await _factory.QueryAsync<(string Channel, long Anonymous)>(
            "SELECT channel, anonymous_to_parties FROM reports WHERE reference = @reference", new { reference })).Single();
        Assert.Equal(("form", 1L), row);
    }

    [Fact]
    public async Task A_signed_in_user_who_is_not_a_reporter_is_told_so_and_keeps_the_text()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.TriagerEmail);
        var before = await CountReportsAsync();

        using var response = await client.PostFormAsync(FormPath, ReportFormFields.FromFixture(_referenceData, NewKey()), "/anmalan");

        var page = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("Ditt konto har inte behörighet att lämna avvikelser.", Assert.Single(PageForms.ErrorSummary(page)));
        Assert.Contains((string)Fixtures.Reports()[0]!["description"]!, page);
        Assert.Equal(before, await CountReportsAsync());
    }

    [Fact]
    public async Task An_association_that_needs_sign_in_says_so_and_a_signed_out_submit_keeps_the_text()
    {
        var client = _factory.CreatePageClient();
        var form = await client.GetPageAsync("/anmalan?forbund=jonkoping");
        Assert.Contains("tar bara emot avvikelser från inloggade", form);

        using var response = await client.PostFormAsync("/anmalan?forbund=jonkoping",
        [
            new("Input.AssociationCode", "jonkoping"), new("Input.IdempotencyKey", NewKey()), new("Input.AreaCode", "habo"),
            new("Input.EventDate", "2026-11-02"), new("Input.Kind", "risk"),
            new("Input.ReporterPartyId", _referenceData.PartyId("jonkoping", "Habo kommun").ToString()),
            new("Input.InvolvedPartyIds", _referenceData.PartyId("jonkoping", "Försäkringskassan").ToString()),
            new("Input.SuggestedCategory", "unreachable"), new("Input.Description", "Ingen svarade i telefonen."), new("Input.Consequence", "Personen fick vänta."),
        ], "/anmalan");

        var page = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("Det här förbundet tar bara emot avvikelser från inloggade.", Assert.Single(PageForms.ErrorSummary(page)));
        Assert.Contains("Ingen svarade i telefonen.</textarea>", page);
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private Task<long> CountReportsAsync() => _factory.ScalarAsync<long>("SELECT COUNT(*) FROM reports");
}
