using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Anonymous intake and receipts are limited per client address, API keys each on their own. The
/// limits here are small (three a minute); the refusals are read, never waited out.
/// </summary>
public sealed class RateLimitingTests : IAsyncLifetime
{
    private const int Limit = 3;
    private const string Proxy = "10.0.0.5";

    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        ["RateLimiting:AnonymousIntake:PermitLimit"] = $"{Limit}",
        ["RateLimiting:AnonymousIntake:Window"] = "00:01:00",
        ["RateLimiting:Receipts:PermitLimit"] = $"{Limit}",
        ["RateLimiting:Receipts:Window"] = "00:01:00",
        ["RateLimiting:ApiKey:PermitLimit"] = $"{Limit}",
        ["RateLimiting:ApiKey:Window"] = "00:01:00",
        ["ForwardedHeaders:KnownProxies:0"] = Proxy,
    });

    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync() => _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Anonymous_intake_past_its_limit_is_a_429_problem_naming_the_limit_with_Retry_After_and_stores_nothing()
    {
        var client = _factory.CreateClient();
        for (var i = 0; i < Limit; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.PostReportAsync(ReportBodies.FromFixture(_referenceData, i))).StatusCode);
        var stored = await CountReportsAsync();

        using var refused = await client.PostReportAsync(ReportBodies.FromFixture(_referenceData, Limit));

        var problem = await Problems.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("anonymous-intake", (string?)problem["limit"]);
        Assert.Contains("anonymous-intake", (string?)problem["detail"]);
        Assert.InRange(RetryAfterSeconds(refused), 1, 60);
        Assert.Equal(stored, await CountReportsAsync());
    }

    [Fact]
    public async Task Another_client_address_is_not_held_by_one_address_reaching_the_intake_limit()
    {
        var first = _factory.CreateClientFrom("203.0.113.10");
        var second = _factory.CreateClientFrom("203.0.113.11");
        for (var i = 0; i < Limit; i++)
            Assert.Equal(HttpStatusCode.Created, (await first.PostReportAsync(ReportBodies.FromFixture(_referenceData, i))).StatusCode);

        using var refused = await first.PostReportAsync(ReportBodies.FromFixture(_referenceData, Limit));
        using var accepted = await second.PostReportAsync(ReportBodies.FromFixture(_referenceData, Limit));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task IPv6_clients_are_limited_by_their_64_bit_network_not_by_each_address()
    {
        for (var i = 0; i < Limit; i++)
        {
            using var accepted = await _factory.CreateClientFrom($"2001:db8:1:2::{i + 1}").PostReportAsync(ReportBodies.FromFixture(_referenceData, i));
            Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        }

        using var sameNetwork = await _factory.CreateClientFrom("2001:db8:1:2:ffff::9").PostReportAsync(ReportBodies.FromFixture(_referenceData, Limit));
        using var otherNetwork = await _factory.CreateClientFrom("2001:db8:1:3::1").PostReportAsync(ReportBodies.FromFixture(_referenceData, Limit));

        Assert.Equal(HttpStatusCode.TooManyRequests, sameNetwork.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherNetwork.StatusCode);
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_forwarded_address_is_limited_and_from_anyone_else_a_forwarded_address_is_not_believed()
    {
        var proxy = _factory.CreateClientFrom(Proxy);
        for (var i = 0; i < Limit; i++)
            Assert.Equal(HttpStatusCode.Created, (await PostForwardedAsync(proxy, "198.51.100.1", i)).StatusCode);
        using var sameClient = await PostForwardedAsync(proxy, "198.51.100.1", Limit);
        using var otherClient = await PostForwardedAsync(proxy, "198.51.100.2", Limit);

        // Not a known proxy: however many addresses it claims to forward for, it is one client.
        var stranger = _factory.CreateClientFrom("192.0.2.50");
        for (var i = 0; i < Limit; i++)
            Assert.Equal(HttpStatusCode.Created, (await PostForwardedAsync(stranger, $"198.51.100.{100 + i}", i)).StatusCode);
        using var forged = await PostForwardedAsync(stranger, "198.51.100.200", Limit);

        Assert.Equal(HttpStatusCode.TooManyRequests, sameClient.StatusCode);
        Assert.Equal(HttpStatusCode.Created, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, forged.StatusCode);
    }

    [Fact]
    public async Task A_reporter_with_a_token_is_not_held_by_the_anonymous_intake_limit()
    {
        var anonymous = _factory.CreateClient();
        for (var i = 0; i <= Limit; i++)
            await anonymous.PostReportAsync(ReportBodies.FromFixture(_referenceData, i));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await anonymous.PostReportAsync(ReportBodies.FromFixture(_referenceData, 0))).StatusCode);

        var reporter = _factory.ActingReporterClient();
        for (var i = 0; i <= Limit; i++)
            Assert.Equal(HttpStatusCode.Created, (await reporter.PostReportAsync(ReportBodies.FromFixture(_referenceData, i))).StatusCode);
    }

    [Fact]
    public async Task An_api_key_has_a_limit_of_its_own_that_another_key_and_anonymous_intake_do_not_share()
    {
        var otherKey = ApiClients.NewKey();
        var association = await _factory.ScalarAsync<Guid>("SELECT id FROM associations WHERE code = 'hoglandet'");
        await _factory.InTransactionAsync(session => ApiClients.InsertAsync(session, association, _referenceData.PartyId(ReportBodies.Association, "Nässjö kommun"),
            "Another system", otherKey, _factory.Clock.GetUtcNow(), CancellationToken.None));

        var demoKey = _factory.CreateClient().WithApiKey(DemoSeed.DemoApiKey);
        for (var i = 0; i < Limit; i++)
            Assert.Equal(HttpStatusCode.Created, (await demoKey.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData))).StatusCode);
        var stored = await CountReportsAsync();

        using var refused = await demoKey.PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData));
        using var refusedRead = await demoKey.GetAsync("/api/v1/reference-data");
        using var other = await _factory.CreateClient().WithApiKey(otherKey).PostReportAsync(ReportBodies.ForNassjoKommun(_referenceData));
        using var anonymous = await _factory.CreateClient().PostReportAsync(ReportBodies.FromFixture(_referenceData, 0));

        var problem = await Problems.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("api-key", (string?)problem["limit"]);
        Assert.InRange(RetryAfterSeconds(refused), 1, 60);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedRead.StatusCode);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(HttpStatusCode.Created, anonymous.StatusCode);
        Assert.Equal(stored + 2, await CountReportsAsync());
    }

    [Fact]
    public async Task Receipts_past_their_limit_are_refused_on_the_API_and_on_the_pages_with_a_Swedish_page()
    {
        var client = _factory.CreatePageClient();
        for (var i = 0; i < Limit; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/receipts/gissning-{i}")).StatusCode);

        using var api = await client.GetAsync("/api/v1/receipts/gissning-x");
        using var page = await client.GetAsync("/kvitto/gissning-x");

        var problem = await Problems.AssertProblemAsync(api, HttpStatusCode.TooManyRequests);
        Assert.Equal("receipts", (string?)problem["limit"]);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("För många försök", await page.Content.ReadAsStringAsync());
        Assert.InRange(RetryAfterSeconds(page), 1, 60);
    }

    [Fact]
    public async Task The_report_form_counts_what_is_sent_not_what_is_read_and_past_the_limit_shows_a_Swedish_page()
    {
        var client = _factory.CreatePageClient();
        for (var i = 0; i < Limit; i++)
        {
            // Each post reads the form first: reading is not counted.
            using var shown = await client.PostFormAsync("/anmalan?forbund=hoglandet", [new("Input.AssociationCode", "hoglandet"), new("Input.Description", "Bara en beskrivning.")], postPath: "/anmalan");
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        }

        using var refused = await client.PostFormAsync("/anmalan?forbund=hoglandet", [new("Input.AssociationCode", "hoglandet"), new("Input.Description", "En gång till.")], postPath: "/anmalan");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("För många försök", await refused.Content.ReadAsStringAsync());
        Assert.InRange(RetryAfterSeconds(refused), 1, 60);
    }

    private Task<HttpResponseMessage> PostForwardedAsync(HttpClient client, string forwardedFor, int fixture)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports") { Content = JsonContent.Create(ReportBodies.FromFixture(_referenceData, fixture)) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    private Task<long> CountReportsAsync() => _factory.ScalarAsync<long>("SELECT COUNT(*) FROM reports");

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
}
