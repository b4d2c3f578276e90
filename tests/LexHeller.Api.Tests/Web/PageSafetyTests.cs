namespace LexHeller.Api.Tests.Web;

/// <summary>What keeps the pages safe to use: sign-in apart from the API, the demo picker's absence in Production (antiforgery: Security/AntiforgeryTests).</summary>
public sealed class PageSafetyTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task The_API_does_not_accept_the_sign_in_cookie_of_the_pages()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.TriagerEmail);
        Assert.Contains("Styrgruppens köer", await client.GetPageAsync("/triage"));

        using var response = await client.GetAsync("/api/v1/queues");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_page_for_another_role_sends_the_user_to_the_no_access_page()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.ResponderFkEmail);

        using var response = await client.GetAsync("/triage");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/ingen-behorighet", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_signed_out_user_is_sent_to_sign_in_and_back()
    {
        var client = _factory.CreatePageClient();

        using var response = await client.GetAsync("/part");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/logga-in?ReturnUrl=%2Fpart", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Pages_answer_what_is_not_there_with_a_Swedish_page_and_the_API_with_problem_json()
    {
        var client = _factory.CreatePageClient();

        using var page = await client.GetAsync("/kvitto/inte-en-riktig-kod");
        using var api = await client.GetAsync("/api/v1/receipts/inte-en-riktig-kod");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Sidan finns inte", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/fel?status=garbage")]
    [InlineData("/fel?status=5")]
    [InlineData("/fel?status=200")]
    [InlineData("/fel")]
    public async Task The_error_page_visited_with_an_address_of_ones_own_making_is_a_400_not_an_error_of_ours(string path)
    {
        using var response = await _factory.CreatePageClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Sidan kunde inte visas", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_queue_filter_that_cannot_be_read_is_a_Swedish_400_page_not_an_error_of_ours()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.TriagerEmail);
        var queueId = await _factory.ScalarAsync<string>("SELECT id FROM queues WHERE name = 'Beredningsgruppen Höglandet'");

        using var badStatus = await client.GetAsync($"/triage/ko/{queueId}?status=bortglomd");
        using var badCursor = await client.GetAsync($"/triage/ko/{queueId}?efter=inte-en-markor");

        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("Sidan kunde inte visas", await badStatus.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
    }

    [Fact]
    public async Task A_queue_of_another_steering_group_is_not_shown()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.TriagerEmail);
        var neighbourQueue = await _factory.ScalarAsync<string>("SELECT id FROM queues WHERE name = 'Beredningsgruppen Jönköping'");

        using var response = await client.GetAsync($"/triage/ko/{neighbourQueue}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/ingen-behorighet", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Pages_forbid_framing_and_foreign_scripts_and_send_no_referrer()
    {
        var client = _factory.CreatePageClient();

        using var response = await client.GetAsync("/anmalan");

        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
    }

    [Fact]
    public async Task Signing_out_ends_the_page_session()
    {
        var client = _factory.CreatePageClient();
        await client.SignInAsync(DemoSeed.TriagerEmail);

        using var signOut = await client.PostFormAsync("/triage", [], postPath: "/logga-ut");
        using var after = await client.GetAsync("/triage");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/logga-in", after.Headers.Location!.PathAndQuery);
    }
}

/// <summary>The demo identity picker is for Development and tests; Production has no such page.</summary>
public sealed class DemoSignInInProductionTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new(settings: new Dictionary<string, string?>
    {
        ["environment"] = "Production",
        ["App:PublicBaseUrl"] = "http://localhost",
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task The_demo_sign_in_page_does_not_exist_in_Production()
    {
        var client = _factory.CreatePageClient();

        using var page = await client.GetAsync("/logga-in/demo");
        using var post = await client.PostAsync("/logga-in/demo", new FormUrlEncodedContent([new("email", DemoSeed.AdminEmail)]));
        var signIn = await client.GetPageAsync("/logga-in");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.DoesNotContain("/logga-in/demo", signIn);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/triage")).StatusCode);
    }
}
