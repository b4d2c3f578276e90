using System.Text;

namespace LexHeller.Api.Tests.Security;

/// <summary>A body over <c>Limits:MaxRequestBodyBytes</c> (256 KiB) is a 413, declared or streamed, on the API and the pages.</summary>
public sealed class RequestBodyLimitTests : IAsyncLifetime
{
    private const int OverTheLimit = 300 * 1024;

    private readonly LexHellerApiFactory _factory = new();
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync() => _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_report_over_the_limit_with_a_Content_Length_is_a_413_problem_and_nothing_is_stored()
    {
        var before = await CountReportsAsync();
        using var content = new StringContent(OversizedReport(), Encoding.UTF8, "application/json");
        Assert.NotNull(content.Headers.ContentLength);

        using var response = await _factory.CreateClient().PostAsync("/api/v1/reports", content);

        var problem = await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("262144", (string?)problem["detail"]);
        Assert.Equal(before, await CountReportsAsync());
    }

    [Fact]
    public async Task A_report_over_the_limit_sent_in_chunks_is_a_413_problem_and_nothing_is_stored()
    {
        var before = await CountReportsAsync();
        using var content = new ChunkedContent(Encoding.UTF8.GetBytes(OversizedReport()), "application/json");

        using var response = await _factory.CreateClient().PostAsync("/api/v1/reports", content);

        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await CountReportsAsync());
    }

    [Fact]
    public async Task A_report_under_the_limit_sent_in_chunks_is_filed()
    {
        var body = ReportBodies.FromFixture(_referenceData, 0).ToJsonString();
        using var content = new ChunkedContent(Encoding.UTF8.GetBytes(body), "application/json");

        using var response = await _factory.CreateClient().PostAsync("/api/v1/reports", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_receipt_answer_over_the_limit_is_a_413_problem()
    {
        using var content = new ChunkedContent(Encoding.UTF8.GetBytes(new JsonObject { ["text"] = new string('a', OverTheLimit) }.ToJsonString()), "application/json");

        using var response = await _factory.CreateClient().PostAsync("/api/v1/receipts/AAAAAAAAAAAAAAAAAAAAAA/messages", content);

        await Problems.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_form_over_the_limit_is_a_413_Swedish_page_and_nothing_is_stored(bool chunked)
    {
        var before = await CountReportsAsync();
        var form = ReportFormFields.FromFixture(_referenceData, Guid.NewGuid().ToString("N")).With("Input.Description", new string('a', OverTheLimit));
        // Refused before anything reads the form, so before its antiforgery token is looked for.
        HttpContent content = new FormUrlEncodedContent(form);
        if (chunked)
            content = new ChunkedContent(await content.ReadAsByteArrayAsync(), "application/x-www-form-urlencoded");

        using var response = await _factory.CreatePageClient().PostAsync("/anmalan", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Formuläret är för stort", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await CountReportsAsync());
    }

    private string OversizedReport()
    {
        var body = ReportBodies.FromFixture(_referenceData, 0);
        body["description"] = new string('a', OverTheLimit);
        return body.ToJsonString();
    }

    private Task<long> CountReportsAsync() => _factory.ScalarAsync<long>("SELECT COUNT(*) FROM reports");

    /// <summary>A body without a Content-Length, written in pieces (as <c>Transfer-Encoding: chunked</c>).</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes, string mediaType)
        {
            _bytes = bytes;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < _bytes.Length; offset += 4096)
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(4096, _bytes.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
