using System.Text.RegularExpressions;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Absolute links name the configured public address (App:PublicBaseUrl), never the Host header a caller sent: a
/// forged Host must not put an attacker's site into a receipt link, a sign-in redirect or an e-mail.
/// </summary>
public sealed partial class PublicAddressTests : IAsyncLifetime
{
    internal const string PublicBaseUrl = "https://avvikelser.example.se";
    internal const string ForgedHost = "evil.example";

    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?> { ["App:PublicBaseUrl"] = PublicBaseUrl });
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync() => _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [GeneratedRegex("id=\"receipt-code\" class=\"code-box\">([^<]+)<")]
    private static partial Regex ReceiptCode();

    /// <summary>A page client whose every request carries <c>Host: evil.example</c>.</summary>
    private HttpClient ForgedHostClient() =>
        _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri($"https://{ForgedHost}"),
        });

    [Fact]
    public async Task The_receipt_link_shown_after_filing_names_the_public_address_and_not_a_forged_Host()
    {
        var client = ForgedHostClient();

        using var response = await client.PostFormAsync("/anmalan?forbund=hoglandet",
            ReportFormFields.FromFixture(_referenceData, Guid.NewGuid().ToString("N")), "/anmalan");

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var code = ReceiptCode().Match(page).Groups[1].Value;
        Assert.NotEmpty(code);
        Assert.Contains($">{PublicBaseUrl}/kvitto/{code}</a>", page);
        Assert.DoesNotContain(ForgedHost, page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Redirects_from_the_pages_never_name_a_forged_Host()
    {
        var client = ForgedHostClient();

        using var signIn = await client.GetAsync("/triage");
        using var findReceipt = await client.PostFormAsync("/kvitto", [new("Code", "AAAAAAAAAAAAAAAAAAAAAA")]);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith($"{PublicBaseUrl}/logga-in?ReturnUrl=", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, findReceipt.StatusCode);
        Assert.DoesNotContain(ForgedHost, findReceipt.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Mail_links_to_the_public_address_and_never_to_a_forged_Host()
    {
        var api = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri($"https://{ForgedHost}") });
        var triager = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri($"https://{ForgedHost}") })
            .WithBearer(TestTokens.For("triager", Api.Demo.DemoSeed.TriagerEmail));
        using var filed = await api.PostReportAsync(ReportBodies.FromFixture(_referenceData, 0, ReportBodies.Contact()));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var id = (Guid)(await filed.ReadJsonAsync())["id"]!;
        foreach (var (step, body) in new (string, object)[]
        {
            ("triage", new { reason = "Första bedömning." }),
            ("information-requests", new { reason = "Underlag saknas.", question = "Vilken enhet gällde det?" }),
        })
        {
            var action = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/reports/{id}/{step}") { Content = System.Net.Http.Json.JsonContent.Create(body) };
            action.Headers.TryAddWithoutValidation("If-Match", (await triager.GetAsync($"/api/v1/reports/{id}")).Headers.ETag!.Tag);
            Assert.Equal(HttpStatusCode.OK, (await triager.SendAsync(action)).StatusCode);
        }

        await _factory.EnqueueAsync(OutboxTesting.Email("kontakt@part.example", "Remiss") with { Kind = Api.Features.Notifications.Notifier.KindReferral });

        // Every queued message (the receipt, the group's, the question, the referral) is written before the links are read.
        var queued = await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages");
        await _factory.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(Directory.Exists(_factory.MailDirectory)
            && Directory.GetFiles(_factory.MailDirectory, "*.eml").Length == queued), "every message is written");

        var mails = await Task.WhenAll(Directory.GetFiles(_factory.MailDirectory, "*.eml")
            .Select(async file => ((await MimeKit.MimeMessage.LoadAsync(file)).TextBody ?? "").ReplaceLineEndings("\n")));
        var links = mails.SelectMany(body => System.Text.RegularExpressions.Regex.Matches(body, @"https?://\S+").Select(match => match.Value)).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.StartsWith(PublicBaseUrl + "/", link, StringComparison.Ordinal));
        Assert.Contains(links, link => link.StartsWith($"{PublicBaseUrl}/kvitto", StringComparison.Ordinal));
        Assert.Contains(links, link => link.StartsWith($"{PublicBaseUrl}/part", StringComparison.Ordinal));
        Assert.All(mails, body => Assert.DoesNotContain(ForgedHost, body, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>In Production the service answers only to its public host (and to loopback, for the health probe), and keeps Swagger UI to itself.</summary>
public sealed class PublicAddressInProductionTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        ["environment"] = "Production",
        ["App:PublicBaseUrl"] = PublicAddressTests.PublicBaseUrl,
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private HttpClient ClientFor(string baseAddress) =>
        _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(baseAddress) });

    [Theory]
    [InlineData("/anmalan")]
    [InlineData("/api/v1/reference-data")]
    [InlineData("/triage")]
    public async Task A_request_with_a_forged_Host_is_refused_and_the_public_host_and_loopback_are_answered(string path)
    {
        using var forged = await ClientFor($"https://{PublicAddressTests.ForgedHost}").GetAsync(path);
        using var forgedWithPort = await ClientFor($"https://{PublicAddressTests.ForgedHost}:8443").GetAsync(path);
        using var viaPublicHost = await ClientFor(PublicAddressTests.PublicBaseUrl).GetAsync(path);
        using var viaLoopback = await ClientFor("http://localhost").GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forgedWithPort.StatusCode);
        Assert.DoesNotContain(PublicAddressTests.ForgedHost, await forged.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.True(viaPublicHost.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{path}: {(int)viaPublicHost.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, viaLoopback.StatusCode);
    }

    [Fact]
    public async Task Swagger_UI_is_off_in_Production_and_the_OpenAPI_document_stays()
    {
        var client = ClientFor(PublicAddressTests.PublicBaseUrl);

        using var swagger = await client.GetAsync("/swagger/index.html");
        using var document = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.NotFound, swagger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("<a id=\"api-documentation\" href=\"/openapi/v1.json\">", await client.GetStringAsync("/"));
    }
}

/// <summary>Operators may turn Swagger UI on in Production; and a Production service without a public address does not start.</summary>
public sealed class PublicAddressSettingsTests
{
    [Fact]
    public async Task Swagger_UI_is_served_in_Production_when_App_SwaggerUi_turns_it_on()
    {
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["App:PublicBaseUrl"] = "https://localhost",
            ["App:SwaggerUi"] = "true",
        });

        using var swagger = await factory.CreateClient().GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
        Assert.Contains("<a id=\"api-documentation\" href=\"/swagger\">", await factory.CreateClient().GetStringAsync("/"));
    }

    [Theory]
    [InlineData(null, "App:PublicBaseUrl must be set in Production")]
    [InlineData("avvikelser.example.se", "is not an http or https address without a path")]
    [InlineData("https://avvikelser.example.se/lexheller", "is not an http or https address without a path")]
    [InlineData("ftp://avvikelser.example.se", "is not an http or https address without a path")]
    public async Task A_Production_service_without_a_usable_public_address_does_not_start_and_says_which_setting(string? publicBaseUrl, string message)
    {
        await using var factory = new LexHellerApiFactory(settings: new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["App:PublicBaseUrl"] = publicBaseUrl,
        });

        var failure = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());

        Assert.Contains(message, failure.Message);
    }
}
