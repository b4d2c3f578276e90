using LexHeller.Api.Infrastructure.Validation;
using LexHeller.Api.Tests.Admin;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Every place an e-mail address comes in (a reporter's contact through the API and through the report form,
/// a steering group's new member, a party's new contact person) takes one bare address and nothing else
/// (<see cref="EmailRules"/>): a line break, a display name, a second address or a malformed or over-long one
/// is a 400 naming the field (on the page, a Swedish message at the field) and nothing is stored.
/// </summary>
public sealed class EmailAddressTests(EmailAddressTests.Api api) : IClassFixture<EmailAddressTests.Api>
{
    public sealed class Api : IAsyncLifetime
    {
        public LexHellerApiFactory Factory { get; } = new();
        public HttpClient Reporter { get; private set; } = null!;
        public HttpClient Admin { get; private set; } = null!;
        public ReferenceDataSnapshot ReferenceData { get; private set; } = null!;
        public Guid GroupId { get; private set; }
        public Guid PartyId { get; private set; }

        public async ValueTask InitializeAsync()
        {
            Reporter = Factory.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail));
            Admin = Factory.Admin();
            ReferenceData = await ReferenceDataSnapshot.LoadAsync(Reporter);
            GroupId = await Factory.SteeringGroupIdAsync("LSG Nässjö");
            PartyId = await Factory.PartyIdAsync("hoglandet", "Försäkringskassan");
        }

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }

    /// <summary>A label and the address; the label names the case in the test's display name.</summary>
    public static TheoryData<string, string> Refused() => new()
    {
        { "header injection with CR/LF", "anna@nassjo.example\r\nBcc: x@y.example" },
        { "LF and more", "anna@nassjo.example\nX" },
        { "a trailing CR/LF", "anna@nassjo.example\r\n" },
        { "a tab inside", "anna\t@nassjo.example" },
        { "not an address", "not-an-address" },
        { "no domain", "anna@" },
        { "no local part", "@nassjo.example" },
        { "a display name", "Anna Svensson <anna@nassjo.example>" },
        { "angle brackets", "<anna@nassjo.example>" },
        { "two addresses", "anna@nassjo.example,bo@nassjo.example" },
        { "a comment", "anna@nassjo.example(kommentar)" },
        { "a quoted local part", "\"anna\"@nassjo.example" },
        { "a dotless domain", "anna@localhost" },
        { "an IP literal", "anna@[192.168.0.1]" },
        { "a hyphen first in a label", "anna@-nassjo.example" },
        { "two at-signs", "anna@bo@nassjo.example" },
        { "a zero-width space", "anna\u200b@nassjo.example" },
        { "a local part of 65", new string('a', 65) + "@nassjo.example" },
        { "an address of 257", "a@" + string.Join('.', Enumerable.Repeat(new string('d', 63), 4)) },
    };

    /// <summary>Bare addresses, international ones (RFC 6531) included, accepted everywhere.</summary>
    public static TheoryData<string> Accepted() =>
    [
        "anna.svensson@nassjo.example",
        "Anna.Svensson+avvikelse@Nassjo.Example",
        "o'brien_1@region-jonkoping.example",
        "'&amp`{x}|=?#%!*+^~$-alla.tecken@kommun.example",
        "åsa.öberg@båstad.example",
        new string('a', 64) + "@nassjo.example",
    ];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_reporter_contact_through_the_api_that_is_not_one_bare_address_is_a_400_naming_reporter_email(string label, string address)
    {
        var before = await CountReportsAsync();

        var response = await api.Reporter.PostReportAsync(ReportBodies.FromFixture(api.ReferenceData, 0, ReportBodies.Contact(address)));

        await Problems.AssertInvalidFieldAsync(response, "reporter.email");
        Assert.True(before == await CountReportsAsync(), label);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_new_steering_group_member_or_party_contact_that_is_not_one_bare_address_is_a_400_naming_email(string label, string address)
    {
        var before = await api.Factory.AdministrationRowsAsync();

        var member = await api.Admin.PutAsync($"/api/v1/admin/steering-groups/{api.GroupId}/members/{Uri.EscapeDataString(address)}", null);
        var contact = await api.Admin.PutAsync($"/api/v1/admin/parties/{api.PartyId}/contacts/{Uri.EscapeDataString(address)}", null);

        await Problems.AssertInvalidFieldAsync(member, "email");
        await Problems.AssertInvalidFieldAsync(contact, "email");
        Assert.True(before == await api.Factory.AdministrationRowsAsync(), label);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_reporter_contact_through_the_form_that_is_not_one_bare_address_is_shown_again_with_a_Swedish_message_at_the_field(
        string label, string address)
    {
        var client = api.Factory.CreatePageClient();
        var before = await CountReportsAsync();

        using var response = await client.PostFormAsync("/anmalan?forbund=hoglandet",
            ReportFormFields.FromFixture(api.ReferenceData, Guid.NewGuid().ToString("N")).With("Input.ContactEmail", address), "/anmalan");

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(PageForms.ErrorSummary(page));
        Assert.True(message is "Ange en giltig e-postadress, till exempel namn@kommun.se. Skriv bara adressen, utan namn, mellanslag eller radbrytningar."
            or "E-post får vara högst 254 tecken.", $"{label}: {message}");
        Assert.Contains("href=\"#Input_ContactEmail\"", page, StringComparison.Ordinal);
        Assert.Equal(before, await CountReportsAsync());
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task A_bare_address_is_accepted_as_a_reporter_contact_through_the_api_and_the_form_and_as_a_member_and_a_contact(string address)
    {
        var filed = await api.Reporter.PostReportAsync(ReportBodies.FromFixture(api.ReferenceData, 0, ReportBodies.Contact(address)));
        using var form = await api.Factory.CreatePageClient().PostFormAsync("/anmalan?forbund=hoglandet",
            ReportFormFields.FromFixture(api.ReferenceData, Guid.NewGuid().ToString("N")).With("Input.ContactEmail", $" {address} "), "/anmalan");
        var member = await api.Admin.PutAsync($"/api/v1/admin/steering-groups/{api.GroupId}/members/{Uri.EscapeDataString(address)}", null);
        var contact = await api.Admin.PutAsync($"/api/v1/admin/parties/{api.PartyId}/contacts/{Uri.EscapeDataString(address)}", null);

        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Empty(PageForms.ErrorSummary(await form.Content.ReadAsStringAsync()));
        Assert.Contains("id=\"receipt-code\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, member.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, contact.StatusCode);
        Assert.Equal(1, await api.Factory.ScalarAsync<int>("SELECT COUNT(*) FROM party_members WHERE party_id = @PartyId AND user_key = @Key",
            new { api.PartyId, Key = address.ToLowerInvariant() }));
    }

    [Fact]
    public async Task A_membership_added_under_the_earlier_laxer_rule_can_still_be_removed()
    {
        const string Legacy = "gammal..adress@localhost";
        await api.Factory.ExecuteAsync("INSERT INTO party_members (party_id, user_key) VALUES (@PartyId, @Key)", new { api.PartyId, Key = Legacy });

        var removed = await api.Admin.DeleteAsync($"/api/v1/admin/parties/{api.PartyId}/contacts/{Uri.EscapeDataString(Legacy)}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(0, await api.Factory.ScalarAsync<int>("SELECT COUNT(*) FROM party_members WHERE user_key = @Key", new { Key = Legacy }));
    }

    private Task<int> CountReportsAsync() => api.Factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports");
}
