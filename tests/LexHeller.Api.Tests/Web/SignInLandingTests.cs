namespace LexHeller.Api.Tests.Web;

/// <summary>
/// Where the demo sign-in sends a user who asked for no page (<c>GetSignInLanding</c>): the most demanding role the
/// data gives them in any association; a user the data names nothing for lands on the start page, whatever the token claims. After signing in,
/// <c>/inloggad</c> (where the identity provider returns) sends them to the same page.
/// </summary>
public sealed class SignInLandingTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private Task GrantAsync(string email, string role, bool requiresRoleClaim = false) => _factory.ExecuteAsync("""
        DELETE FROM member_roles WHERE user_key = @UserKey AND role = @Role
          AND association_id = (SELECT id FROM associations WHERE code = 'hoglandet');
        INSERT INTO member_roles (association_id, user_key, role, requires_role_claim, granted_at)
        SELECT id, @UserKey, @Role, @RequiresRoleClaim, '2026-01-01T00:00:00.0000000Z' FROM associations WHERE code = 'hoglandet'
        """, new { UserKey = email, Role = role, RequiresRoleClaim = requiresRoleClaim ? 1 : 0 });

    private async Task<(string SignIn, string Landing)> LandingsAsync(string email)
    {
        var client = _factory.CreatePageClient();
        using var signIn = await client.PostFormAsync("/logga-in/demo", [new("email", email)]);
        using var landing = await client.GetAsync("/inloggad");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        return (signIn.Headers.Location!.OriginalString, landing.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(DemoSeed.AdminEmail, "/admin")]
    [InlineData(DemoSeed.AnalystEmail, "/statistik")]
    [InlineData(DemoSeed.TriagerEmail, "/triage")]
    [InlineData(DemoSeed.ResponderFkEmail, "/part")]
    [InlineData(DemoSeed.ReporterEmail, "/anmalan")]
    public async Task Each_demo_identity_lands_on_the_page_of_its_role(string email, string expected) =>
        Assert.Equal((expected, expected), await LandingsAsync(email));

    [Fact]
    public async Task The_data_decides_over_the_token_and_an_administrator_grant_over_a_steering_group_membership()
    {
        // The reporter's token says reporter; the data makes them an analyst of Höglandet.
        await GrantAsync(DemoSeed.ReporterEmail, "analyst");
        // The triager sits in steering groups and is granted administration.
        await GrantAsync(DemoSeed.TriagerEmail, "admin");

        Assert.Equal(("/statistik", "/statistik"), await LandingsAsync(DemoSeed.ReporterEmail));
        Assert.Equal(("/admin", "/admin"), await LandingsAsync(DemoSeed.TriagerEmail));
    }

    [Fact]
    public async Task A_grant_carried_over_from_token_roles_counts_only_while_the_token_names_the_role()
    {
        // Carried over by schema 12: admin and analyst for a member, held only while the token names the role.
        await GrantAsync(DemoSeed.AnalystEmail, "admin", requiresRoleClaim: true);
        await GrantAsync(DemoSeed.AnalystEmail, "analyst", requiresRoleClaim: true);

        Assert.Equal(("/statistik", "/statistik"), await LandingsAsync(DemoSeed.AnalystEmail));
    }

    [Fact]
    public async Task A_role_claim_without_a_grant_lands_on_the_start_page()
    {
        // The demo reporter's sign-in still claims the role reporter; the data no longer grants it anywhere.
        await _factory.ExecuteAsync("DELETE FROM member_roles WHERE user_key = @UserKey", new { UserKey = DemoSeed.ReporterEmail });

        Assert.Equal(("/", "/"), await LandingsAsync(DemoSeed.ReporterEmail));
    }

    [Fact]
    public async Task An_installation_administrator_lands_on_the_administration()
    {
        // The reporter made an installation administrator (as `admin grant --installation` does) and nothing else.
        await _factory.ExecuteAsync("DELETE FROM member_roles WHERE user_key = @UserKey", new { UserKey = DemoSeed.ReporterEmail });
        await _factory.ExecuteAsync("""
            INSERT INTO installation_administrators (user_key, granted_at, granted_by) VALUES (@UserKey, '2026-01-01T00:00:00.0000000Z', 'test')
            """, new { UserKey = DemoSeed.ReporterEmail });

        Assert.Equal(("/admin", "/admin"), await LandingsAsync(DemoSeed.ReporterEmail));
    }
}
