using System.Text;
using System.Text.RegularExpressions;

namespace LexHeller.Api.Tests.Security;

/// <summary>Every response carries the security headers: pages, the API, static files, documents, probes and error answers.</summary>
public sealed partial class SecurityHeadersTests : IAsyncLifetime
{
    private const string Proxy = "10.0.0.5";

    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = Proxy });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Theory]
    [InlineData("GET", "/anmalan", HttpStatusCode.OK)]
    [InlineData("GET", "/assets/site.css", HttpStatusCode.OK)]
    [InlineData("GET", "/kvitto/inte-en-riktig-kod", HttpStatusCode.NotFound)]
    [InlineData("POST", "/anmalan", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/v1/reference-data", HttpStatusCode.OK)]
    [InlineData("GET", "/api/v1/receipts/inte-en-riktig-kod", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/queues", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "/api/v1/reports", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("GET", "/health/live", HttpStatusCode.OK)]
    [InlineData("GET", "/swagger/index.html", HttpStatusCode.OK)]
    public async Task Every_kind_of_response_carries_the_security_headers(string method, string path, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
            request.Content = new StringContent("{}", Encoding.UTF8, path.StartsWith("/api", StringComparison.Ordinal) ? "application/json" : "application/x-www-form-urlencoded");

        using var response = await HttpsClient("lexheller.example").SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("max-age=31536000", Header(response, "Strict-Transport-Security"));
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Matches("script-src 'self'(;|$)|default-src 'none'", policy);
        if (!path.StartsWith("/swagger", StringComparison.Ordinal))
            Assert.DoesNotContain("unsafe", policy);
    }

    [Fact]
    public async Task The_API_may_load_nothing_and_pages_only_files_of_their_own_host()
    {
        using var api = await _factory.CreateClient().GetAsync("/api/v1/reference-data");
        using var page = await _factory.CreateClient().GetAsync("/anmalan");

        Assert.StartsWith("default-src 'none'", Header(api, "Content-Security-Policy"));
        Assert.Contains("script-src 'self'; style-src 'self'", Header(page, "Content-Security-Policy"));
    }

    [Fact]
    public async Task HSTS_is_sent_only_over_https_and_not_to_localhost()
    {
        using var http = await _factory.CreateClient(new() { BaseAddress = new Uri("http://lexheller.example") }).GetAsync("/anmalan");
        using var localhost = await HttpsClient("localhost").GetAsync("/anmalan");

        Assert.False(http.Headers.Contains("Strict-Transport-Security"));
        Assert.False(localhost.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Behind_a_known_proxy_that_terminated_TLS_the_request_is_https_and_from_anyone_else_it_is_not()
    {
        using var viaProxy = await SendForwardedProtoAsync(Proxy);
        using var viaStranger = await SendForwardedProtoAsync("192.0.2.50");

        Assert.Equal("max-age=31536000", Header(viaProxy, "Strict-Transport-Security"));
        Assert.False(viaStranger.Headers.Contains("Strict-Transport-Security"));
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScriptOrStyle();

    [Fact]
    public async Task No_page_has_inline_script_or_style_that_the_policy_would_block()
    {
        var anonymous = _factory.CreatePageClient();
        var triager = _factory.CreatePageClient();
        await triager.SignInAsync(DemoSeed.TriagerEmail);
        var responder = _factory.CreatePageClient();
        await responder.SignInAsync(DemoSeed.ResponderFkEmail);
        var (queues, queue, report) = await triager.FollowToFirstReportAsync();

        var pages = new Dictionary<string, string>
        {
            ["/"] = await anonymous.GetPageAsync("/"),
            ["/anmalan"] = await anonymous.GetPageAsync("/anmalan?forbund=hoglandet"),
            ["/kvitto"] = await anonymous.GetPageAsync("/kvitto"),
            ["/logga-in"] = await anonymous.GetPageAsync("/logga-in"),
            ["/logga-in/demo"] = await anonymous.GetPageAsync("/logga-in/demo"),
            ["/triage"] = queues,
            ["queue"] = queue,
            [report] = await triager.GetPageAsync(report),
            ["/statistik"] = await triager.GetPageAsync("/statistik"),
            ["/part"] = await responder.GetPageAsync("/part"),
        };

        Assert.All(pages, page => Assert.False(InlineScriptOrStyle().IsMatch(page.Value),
            $"{page.Key} has inline script or style: {InlineScriptOrStyle().Match(page.Value).Value}"));
    }

    private HttpClient HttpsClient(string host) =>
        _factory.CreateClient(new() { BaseAddress = new Uri($"https://{host}"), AllowAutoRedirect = false });

    private async Task<HttpResponseMessage> SendForwardedProtoAsync(string from)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/anmalan");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.1");
        return await _factory.CreateClientFrom(from, "http://lexheller.example").SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single()
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? contentValues.Single()
        : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} has no {name} header.");
}

/// <summary>In Development the browser is not told to remember HTTPS (a developer's localhost would be stuck with it).</summary>
public sealed class SecurityHeadersInDevelopmentTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?> { ["environment"] = "Development" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task There_is_no_HSTS_in_Development_but_the_other_headers_are_there()
    {
        using var response = await _factory.CreateClient(new() { BaseAddress = new Uri("https://lexheller.example") }).GetAsync("/anmalan");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
