using System.Text.RegularExpressions;

namespace LexHeller.Api.Tests.Web;

/// <summary>Every form that posts carries an antiforgery token, on every page of every role.</summary>
public sealed partial class EveryFormTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex PostForm();

    [Fact]
    public async Task Every_form_that_posts_carries_an_antiforgery_token()
    {
        var anonymous = _factory.CreatePageClient();
        var triager = _factory.CreatePageClient();
        await triager.SignInAsync(DemoSeed.TriagerEmail);
        var (queues, _, reportPath) = await triager.FollowToFirstReportAsync();

        var pages = new Dictionary<string, string>
        {
            ["/anmalan"] = await anonymous.GetPageAsync("/anmalan?forbund=hoglandet"),
            ["/kvitto"] = await anonymous.GetPageAsync("/kvitto"),
            ["/logga-in/demo"] = await anonymous.GetPageAsync("/logga-in/demo"),
            ["/triage"] = queues,
            [reportPath] = await triager.GetPageAsync(reportPath),
        };

        var forms = pages.SelectMany(page => PostForm().Matches(page.Value).Select(form => (Page: page.Key, Form: form.Value))).ToList();
        Assert.True(forms.Count >= 8, $"Only {forms.Count} forms were found.");
        Assert.All(forms, form => Assert.True(form.Form.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal),
            $"A form on {form.Page} has no antiforgery token: {form.Form[..Math.Min(200, form.Form.Length)]}"));
    }

    [Fact]
    public async Task A_triage_action_posted_without_its_token_changes_nothing()
    {
        var triager = _factory.CreatePageClient();
        await triager.SignInAsync(DemoSeed.TriagerEmail);
        var (_, _, reportPath) = await triager.FollowToFirstReportAsync();
        var before = await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM report_events");
        KeyValuePair<string, string>[] fields = [new("Version", "1"), new("Triage.Reason", "Utan token.")];

        using var response = await triager.PostAsync($"{reportPath}?handler=Triage", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM report_events"));

        // The control: the same post with the page's token is accepted and records the step, so the token alone made the difference.
        using var withToken = await triager.PostFormAsync(reportPath, fields, postPath: $"{reportPath}?handler=Triage");

        Assert.Equal(HttpStatusCode.Redirect, withToken.StatusCode);
        Assert.Equal(before + 1, await _factory.ScalarAsync<long>("SELECT COUNT(*) FROM report_events"));
    }
}
