using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace LexHeller.Api.Tests.Security;

/// <summary>Every cookie the pages set (antiforgery, sign-in, TempData) is Secure, HttpOnly and SameSite, even over plain http.</summary>
public sealed class CookieTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Every_cookie_of_a_triage_session_is_Secure_HttpOnly_and_SameSite()
    {
        var recorder = new SetCookieRecorder();
        var client = _factory.CreateDefaultClient(new Uri("https://localhost"), recorder, new CookieContainerHandler());
        await client.SignInAsync(DemoSeed.TriagerEmail);
        var (_, _, report) = await client.FollowToFirstReportAsync();
        using (var note = await client.PostFormAsync(report, [new("Note.Text", "En anteckning.")], postPath: $"{report}?handler=Note"))
            Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);
        Assert.Contains("Anteckningen är sparad.", await client.GetPageAsync(report));

        var cookies = recorder.Cookies.GroupBy(cookie => cookie.Name).ToDictionary(group => group.Key, group => group.First());
        Assert.Equal(["lexheller.antiforgery", "lexheller.signin", "lexheller.tempdata"], cookies.Keys.Order().ToArray());
        Assert.All(recorder.Cookies, cookie =>
        {
            Assert.True(cookie.Attributes.Contains("secure"), $"{cookie.Name} is not Secure: {cookie.Header}");
            Assert.True(cookie.Attributes.Contains("httponly"), $"{cookie.Name} is not HttpOnly: {cookie.Header}");
        });
        Assert.Contains("samesite=strict", cookies["lexheller.antiforgery"].Attributes);
        Assert.Contains("samesite=lax", cookies["lexheller.signin"].Attributes);
        Assert.Contains("samesite=strict", cookies["lexheller.tempdata"].Attributes);
    }

    [Fact]
    public async Task A_cookie_set_over_plain_http_is_Secure_all_the_same()
    {
        using var response = await _factory.CreateClient(new() { BaseAddress = new Uri("http://lexheller.example") }).GetAsync("/kvitto");

        var antiforgery = response.Headers.GetValues("Set-Cookie").Single(header => header.StartsWith("lexheller.antiforgery=", StringComparison.Ordinal));
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record SetCookie(string Name, string Header, IReadOnlySet<string> Attributes);

    /// <summary>Keeps every Set-Cookie header the client receives.</summary>
    private sealed class SetCookieRecorder : DelegatingHandler
    {
        public List<SetCookie> Cookies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var headers))
            {
                Cookies.AddRange(headers.Select(header => new SetCookie(
                    header[..header.IndexOf('=', StringComparison.Ordinal)],
                    header,
                    header.Split(';').Skip(1).Select(part => part.Trim().ToLowerInvariant()).ToHashSet())));
            }

            return response;
        }
    }
}
