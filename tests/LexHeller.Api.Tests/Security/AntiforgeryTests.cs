using LexHeller.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Every POST handler of every page, found in the app's own endpoints (so a new form is covered
/// without a new row), refuses a post without its antiforgery token: 400 and the Swedish page.
/// </summary>
public sealed class AntiforgeryTests : IAsyncLifetime
{
    /// <summary>The error page, re-executed for failed posts, changes nothing and must answer them: it alone ignores antiforgery.</summary>
    private const string ErrorPage = "/fel";

    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Every_page_form_posted_without_its_antiforgery_token_is_refused_with_a_Swedish_page()
    {
        var forms = await PostHandlersAsync();
        Assert.Contains(forms, form => form.Path == "/anmalan");
        Assert.Contains(forms, form => form.Path == "/logga-ut");
        Assert.Contains(forms, form => form.Path.StartsWith("/triage/avvikelse/", StringComparison.Ordinal) && form.Handler == "Note");
        Assert.Contains(forms, form => form.Path.StartsWith("/part/remiss/", StringComparison.Ordinal));

        var clients = new Dictionary<string, HttpClient>();
        var refusals = new List<string>();
        foreach (var form in forms)
        {
            var identity = form.Policy switch
            {
                null => null,
                Policies.Triage => DemoSeed.TriagerEmail,
                Policies.Responder => DemoSeed.ResponderFkEmail,
                Policies.Insight => DemoSeed.AnalystEmail,
                "" => DemoSeed.TriagerEmail,
                _ => throw new InvalidOperationException($"No demo identity for the policy {form.Policy} of {form.Path}."),
            };
            if (!clients.TryGetValue(identity ?? "", out var client))
            {
                client = _factory.CreatePageClient();
                if (identity is not null)
                    await client.SignInAsync(identity);
                clients[identity ?? ""] = client;
            }

            var target = form.Handler is null ? form.Path : $"{form.Path}?handler={form.Handler}";
            using var response = await client.PostAsync(target, new FormUrlEncodedContent([new("email", DemoSeed.AdminEmail), new("Note.Text", "Utan token.")]));
            var page = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !page.Contains("Sidan kunde inte visas", StringComparison.Ordinal))
                refusals.Add($"{target} ({identity ?? "anonymous"}): {(int)response.StatusCode}");
        }

        Assert.True(refusals.Count == 0, $"Posted without a token and not refused: {string.Join("; ", refusals)}");
    }

    private sealed record PostForm(string Path, string? Handler, string? Policy);

    /// <summary>The POST handlers of the app's pages, with a path to post to and the authorization policy the page needs ("" for any signed-in user).</summary>
    private async Task<IReadOnlyList<PostForm>> PostHandlersAsync()
    {
        var loader = _factory.Services.GetRequiredService<PageLoader>();
        var forms = new List<PostForm>();
        foreach (var endpoint in _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
                continue;
            var path = PathOf(endpoint.RoutePattern);
            if (path == ErrorPage)
                continue;

            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var policy = authorize.Count == 0 ? null : authorize.Select(data => data.Policy).FirstOrDefault(name => name is not null) ?? "";
            forms.AddRange(compiled.HandlerMethods
                .Where(handler => string.Equals(handler.HttpMethod, HttpMethods.Post, StringComparison.OrdinalIgnoreCase))
                .Select(handler => new PostForm(path, handler.Name, policy)));
        }

        return forms;
    }

    /// <summary>The route with made-up values: a GUID where one is asked for, a word elsewhere.</summary>
    private static string PathOf(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(policy => policy.Content == "guid") => Guid.NewGuid().ToString(),
            RoutePatternParameterPart => "x",
            _ => "",
        }))));
}
