namespace LexHeller.Api.Tests.Receipts;

public sealed class GetReceiptTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private HttpClient _client = null!;
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        _referenceData = await ReferenceDataSnapshot.LoadAsync(_client);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task The_receipt_never_shows_the_reporters_contact()
    {
        var contact = ReportBodies.Contact("hemlig.kontakt@eksjo.example");
        var created = await (await _client.PostReportAsync(ReportBodies.FromFixture(_referenceData, 8, contact))).ReadJsonAsync();

        var response = await _client.GetAsync($"/api/v1/receipts/{created["receiptToken"]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains((string)created["reference"]!, json, StringComparison.Ordinal);
        Assert.Contains("Samordningsförbundet Höglandet", json, StringComparison.Ordinal);
        foreach (var secret in new[] { "hemlig.kontakt@eksjo.example", "Anna Handläggare", "Socialsekreterare", "0380-51 80 00" })
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_receipt_token_is_stored_only_as_a_hash()
    {
        var created = await (await _client.PostReportAsync(ReportBodies.FromFixture(_referenceData, 1))).ReadJsonAsync();
        var token = (string)created["receiptToken"]!;

        Assert.Equal(23, token.Length);   // XXXXX-XXXXX-XXXXX-XXXXX (ReceiptCodeTests checks the form)
        Assert.Equal(0, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM receipts WHERE token_hash = @Token", new { Token = token }));
        Assert.Equal(1, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM receipts WHERE report_id = @Id", new { Id = (Guid)created["id"]! }));
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("short")]
    [InlineData("not a token at all, with spaces")]
    [InlineData("%27%20OR%201%3D1%20--")]
    public async Task A_wrong_or_malformed_token_is_a_404(string token)
    {
        var response = await _client.GetAsync($"/api/v1/receipts/{token}");

        await Problems.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }
}
