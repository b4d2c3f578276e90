namespace LexHeller.Api.Tests.Reports;

public sealed class IdempotencyTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync() => _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Without_sign_in_a_key_must_be_unguessable()
    {
        var anonymous = _factory.CreateClient();
        var body = ReportBodies.FromFixture(_referenceData, 7);

        await Problems.AssertInvalidFieldAsync(await anonymous.PostReportAsync(body, idempotencyKey: "form-1"), "Idempotency-Key");

        var key = Guid.NewGuid().ToString();
        var first = await anonymous.PostReportAsync(body, idempotencyKey: key);
        var again = await anonymous.PostReportAsync(body, idempotencyKey: key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal((await first.ReadJsonAsync()).ToJsonString(), (await again.ReadJsonAsync()).ToJsonString());
    }

    [Fact]
    public async Task The_stored_first_answer_does_not_hold_the_receipt_token_in_clear()
    {
        var client = _factory.ActingReporterClient();
        var body = ReportBodies.FromFixture(_referenceData, 9);
        using var first = await client.PostReportAsync(body, idempotencyKey: "protected");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.ReadJsonAsync();

        var stored = Assert.Single(await _factory.QueryAsync<string>("SELECT response_body FROM idempotency_records"));

        Assert.False(string.IsNullOrWhiteSpace(stored), "The first answer is stored.");
        Assert.DoesNotContain((string)created["receiptToken"]!, stored, StringComparison.Ordinal);
        Assert.DoesNotContain((string)created["reference"]!, stored, StringComparison.Ordinal);

        // What is stored still replays: the same key answers with the first answer, token and reference in clear.
        using var again = await client.PostReportAsync(body, idempotencyKey: "protected");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(created.ToJsonString(), (await again.ReadJsonAsync()).ToJsonString());
        Assert.Single(await _factory.QueryAsync<string>("SELECT response_body FROM idempotency_records"));
    }
}
