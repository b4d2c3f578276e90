using System.Net;
using LexHeller.Api.Demo;
using LexHeller.Testing;

namespace LexHeller.Api.Tests.Reports;

public sealed class IdempotencyTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync() => _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_key_expires_after_a_day_and_expired_answers_are_purged()
    {
        var client = _factory.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail));
        var body = ReportBodies.FromFixture(_referenceData, 5);
        var first = await (await client.PostReportAsync(body, idempotencyKey: "daily-key")).ReadJsonAsync();

        _factory.Clock.Advance(TimeSpan.FromHours(25));
        var later = await client.PostReportAsync(body, idempotencyKey: "daily-key");

        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.NotEqual((string)first["id"]!, (string)(await later.ReadJsonAsync())["id"]!);
        Assert.False(later.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM idempotency_records"));
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_caller()
    {
        var reporter = _factory.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail));
        var colleague = _factory.CreateClient().WithBearer(TestTokens.For("reporter", "colleague@demo.lexheller.example"));
        var body = ReportBodies.FromFixture(_referenceData, 6);

        var mine = await (await reporter.PostReportAsync(body, idempotencyKey: "same-key")).ReadJsonAsync();
        var theirs = await colleague.PostReportAsync(body, idempotencyKey: "same-key");

        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual((string)mine["receiptToken"]!, (string)(await theirs.ReadJsonAsync())["receiptToken"]!);
    }

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
        var client = _factory.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail));
        var created = await (await client.PostReportAsync(ReportBodies.FromFixture(_referenceData, 9), idempotencyKey: "protected")).ReadJsonAsync();

        var stored = await _factory.ScalarAsync<string>("SELECT response_body FROM idempotency_records");

        Assert.DoesNotContain((string)created["receiptToken"]!, stored, StringComparison.Ordinal);
        Assert.DoesNotContain((string)created["reference"]!, stored, StringComparison.Ordinal);
    }
}
