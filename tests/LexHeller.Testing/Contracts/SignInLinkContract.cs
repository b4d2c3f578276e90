using LexHeller.Api.Features.SignIn;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// The one-time sign-in links over storage (<c>sign_in_links</c>): asked for through the sign-in page, a link is
/// made only for an address registered somewhere (a party's contact, a steering group's member, an installation
/// administrator), kept as its SHA-256 only, used up by its first sign-in (also when two race for it), refused past
/// its expiry on the service's clock, and deleted a day after it. Written once and bound to each engine.
/// </summary>
public abstract class SignInLinkContract : WorkflowContract
{
    private const string Refused = "Länken går inte att använda";

    [Fact]
    public async Task A_link_for_a_registered_address_is_kept_as_its_hash_and_signs_in_once()
    {
        var factory = await StartAsync();
        var link = await AskAsync(factory, DemoSeed.ResponderFkEmail);
        var token = link.Split('/')[^1];

        var row = (await factory.QueryAsync<(string TokenHash, string Email, DateTimeOffset? UsedAt)>(
            "SELECT token_hash, email, used_at FROM sign_in_links")).Single();
        Assert.Equal((SignInLinks.Hash(token), DemoSeed.ResponderFkEmail, (DateTimeOffset?)null), row);

        var user = factory.CreatePageClient();
        using (var signIn = await user.PostFormAsync(link, []))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(factory.Clock.GetUtcNow(), await factory.ScalarAsync<DateTimeOffset>("SELECT used_at FROM sign_in_links"));

        Assert.Contains(Refused, await PostAsync(factory.CreatePageClient(), link), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_sign_ins_racing_with_one_link_let_exactly_one_through()
    {
        var factory = await StartAsync();
        var link = await AskAsync(factory, DemoSeed.ResponderFkEmail);
        var clients = Enumerable.Range(0, 4).Select(_ => factory.CreatePageClient()).ToList();
        var forms = await Task.WhenAll(clients.Select(async client => (client, token: await client.AntiforgeryTokenAsync(link))));

        var responses = await Task.WhenAll(forms.Select(form =>
            form.client.PostAsync(link, new FormUrlEncodedContent([new("__RequestVerificationToken", form.token)]))));

        Assert.Equal(1, responses.Count(response => response.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(3, responses.Count(response => response.StatusCode == HttpStatusCode.OK));
        foreach (var response in responses)
            response.Dispose();
    }

    [Fact]
    public async Task A_link_is_refused_past_its_expiry_and_deleted_a_day_after_it()
    {
        var factory = await StartAsync();
        var link = await AskAsync(factory, DemoSeed.ResponderFkEmail);

        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Contains(Refused, await PostAsync(factory.CreatePageClient(), link), StringComparison.Ordinal);

        factory.Clock.Advance(SignInLinks.KeptAfterExpiry + TimeSpan.FromMinutes(1));
        var newer = await AskAsync(factory, DemoSeed.ResponderFkEmail, count: 2);
        Assert.Equal([SignInLinks.Hash(newer.Split('/')[^1])], await factory.QueryAsync<string>("SELECT token_hash FROM sign_in_links"));
    }

    [Fact]
    public async Task Only_a_registered_address_gets_a_link_whichever_membership_registers_it()
    {
        var factory = await StartAsync();
        const string Installer = "installation@forbundet.example";
        await factory.ExecuteAsync("INSERT INTO installation_administrators (user_key, granted_at, granted_by) VALUES (@UserKey, @Now, 'contract')",
            new { UserKey = Installer, Now = factory.Clock.GetUtcNow() });
        var client = factory.CreatePageClient();

        foreach (var address in new[] { "okand@kommun.example", DemoSeed.TriagerEmail, Installer, DemoSeed.ResponderAfEmail })
        {
            using var response = await client.PostFormAsync("/logga-in", [new("Email", address)], "/logga-in?handler=email");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        // Requests are handled in turn: the last one's mail means every one before it has been looked up.
        await SignInMail.WaitForAsync(factory, DemoSeed.ResponderAfEmail);
        Assert.Equal([Installer, DemoSeed.ResponderAfEmail, DemoSeed.TriagerEmail],
            (await factory.QueryAsync<string>("SELECT email FROM sign_in_links")).Order(StringComparer.Ordinal));
        Assert.Empty(SignInMail.To(factory, "okand@kommun.example"));
    }

    /// <summary>Asks for a link on the sign-in page and returns its path from the mail (the <paramref name="count"/>th for the address).</summary>
    private static async Task<string> AskAsync(LexHellerApiFactory factory, string email, int count = 1)
    {
        var before = SignInMail.To(factory, email).Select(SignInMail.LinkPath).ToHashSet();
        using (var response = await factory.CreatePageClient().PostFormAsync("/logga-in", [new("Email", email)], "/logga-in?handler=email"))
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (await SignInMail.WaitForAsync(factory, email, count)).Select(SignInMail.LinkPath).Single(path => !before.Contains(path));
    }

    private static async Task<string> PostAsync(HttpClient client, string link)
    {
        using var response = await client.PostAsync(link, new FormUrlEncodedContent([new("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/kvitto"))]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
