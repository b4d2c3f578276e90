using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// A change names the exact version it was made against (If-Match compared strongly), and a bearer token stops
/// working within 30 seconds of its expiry, not the five minutes the token library allows by default.
/// </summary>
public sealed class StrongPreconditionsTests : WorkflowTests
{
    private async Task<Guid> FileAsync()
    {
        using var response = await Workflow.Anonymous.PostReportAsync(ReportBodies.FromFixture(ReferenceData, 0));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (Guid)(await response.ReadJsonAsync())["id"]!;
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("w/\"1\"")]
    [InlineData("1")]
    [InlineData("*")]
    [InlineData("\"1\", \"2\"")]
    public async Task A_report_change_with_anything_but_the_strong_current_ETag_is_412_and_changes_nothing(string ifMatch)
    {
        var id = await FileAsync();
        Assert.Equal("\"1\"", await Workflow.ETagAsync(id));

        using var refused = await Workflow.ActAsync(id, "triage", new { reason = "Första bedömning." }, ifMatch);
        using var accepted = await Workflow.ActAsync(id, "triage", new { reason = "Första bedömning." }, "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("\"2\"", await Workflow.ETagAsync(id));
    }

    [Fact]
    public async Task A_follow_up_change_with_a_weak_ETag_is_412_and_with_the_strong_one_succeeds()
    {
        var groupId = await Factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = @Name", new { Name = "Beredningsgruppen Höglandet" });
        using var created = await Workflow.Triager.PostAsJsonAsync("/api/v1/follow-ups", new
        {
            associationCode = "hoglandet",
            title = "Överlämningar mellan parterna",
            ownerGroupId = groupId,
            decision = "Beredningsgruppen tar upp frågan.",
            dueOn = "2027-03-31",
            reportIds = new[] { await FileAsync() },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (Guid)(await created.ReadJsonAsync())["id"]!;

        using var weak = await PatchAsync(id, "W/\"1\"");
        using var strong = await PatchAsync(id, "\"1\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, weak.StatusCode);
        Assert.Equal(HttpStatusCode.OK, strong.StatusCode);
        Assert.Equal("\"2\"", strong.Headers.ETag?.Tag);
    }

    private async Task<HttpResponseMessage> PatchAsync(Guid id, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/follow-ups/{id}") { Content = JsonContent.Create(new { title = "Överlämningar mellan parterna (ändrad)" }) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await Workflow.Triager.SendAsync(request);
    }

    [Fact]
    public async Task A_bearer_token_is_refused_a_minute_after_it_expired_and_taken_seconds_after()
    {
        // Both clocks a token could be read against (the service's and the machine's) at the same instant.
        var now = DateTimeOffset.UtcNow;
        Factory.Clock.SetUtcNow(now);

        using var expiredAMinuteAgo = await GetQueuesAsync(TokenExpiringAt(now.AddSeconds(-60)));
        using var expiredSecondsAgo = await GetQueuesAsync(TokenExpiringAt(now.AddSeconds(-5)));
        using var notYetValid = await GetQueuesAsync(TokenExpiringAt(now.AddHours(1), notBefore: now.AddSeconds(60)));

        Assert.Equal(HttpStatusCode.Unauthorized, expiredAMinuteAgo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, expiredSecondsAgo.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, notYetValid.StatusCode);
    }

    private Task<HttpResponseMessage> GetQueuesAsync(string token) =>
        Factory.CreateClient().WithBearer(token).GetAsync("/api/v1/queues");

    private static string TokenExpiringAt(DateTimeOffset expires, DateTimeOffset? notBefore = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestTokens.Issuer,
            Audience = TestTokens.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("role", "triager"), new Claim("email", DemoSeed.TriagerEmail)]),
            NotBefore = (notBefore ?? expires.AddHours(-1)).UtcDateTime,
            IssuedAt = (notBefore ?? expires.AddHours(-1)).UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(TestTokens.SigningKeyBase64)), SecurityAlgorithms.HmacSha256),
        });
}
