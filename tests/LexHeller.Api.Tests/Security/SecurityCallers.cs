using System.Security.Claims;
using LexHeller.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.Options;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Who calls, in the security tests: a user with one role and an e-mail (the key of their memberships),
/// an integration partner's API key, or nobody. The API is called with a bearer token or the key;
/// the pages with the sign-in cookie the service itself would have issued to that user.
/// </summary>
public sealed record SecurityCaller(string Name, string? Role = null, string? Email = null, string? ApiKey = null)
{
    public bool IsUser => Role is not null;

    /// <summary>A client for the API: no cookies, no redirects followed.</summary>
    public HttpClient Api(LexHellerApiFactory factory)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        if (IsUser)
            client.WithBearer(TestTokens.For(Role!, Email!));
        if (ApiKey is not null)
            client.WithApiKey(ApiKey);
        return client;
    }

    /// <summary>
    /// A client for the pages, signed in as this user: its own cookie jar holding a sign-in cookie
    /// protected by the service's own cookie options, so any identity can be a page user (the demo
    /// sign-in page knows only the demo identities). An API key is sent as a header, which pages ignore.
    /// </summary>
    public HttpClient Pages(LexHellerApiFactory factory)
    {
        var cookies = new CookieContainer();
        // Over https, as a browser in production: every cookie the pages set is Secure.
        var client = factory.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));
        if (IsUser)
        {
            var options = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(WebSignIn.CookieScheme);
            var principal = WebSignIn.Principal(Email!, Email!, Name, [Role!], "matrix");
            var ticket = new AuthenticationTicket(principal, new AuthenticationProperties(), WebSignIn.CookieScheme);
            cookies.Add(client.BaseAddress!, new Cookie(options.Cookie.Name!, options.TicketDataFormat.Protect(ticket)));
        }

        if (ApiKey is not null)
            client.WithApiKey(ApiKey);
        return client;
    }

    public override string ToString() => Name;
}

public static class SecurityCallers
{
    public const string OtherGroupTriagerEmail = "triager.annan-grupp@matrix.lexheller.example";
    public const string OtherAssociationTriagerEmail = "triager.jonkoping@matrix.lexheller.example";
    public const string OtherGroupName = "Matrisgruppen Höglandet";
    public const string NeighbourGroupName = "Beredningsgruppen Jönköping";
    public const string OtherAssociationAdminEmail = "admin.jonkoping.analytiker.hoglandet@matrix.lexheller.example";

    public static SecurityCaller Anonymous { get; } = new("anonymous");
    public static SecurityCaller Reporter { get; } = new("reporter", Roles.Reporter, DemoSeed.ReporterEmail);
    public static SecurityCaller PartnerKey { get; } = new("partner-key", ApiKey: DemoSeed.DemoApiKey);
    public static SecurityCaller OwningTriager { get; } = new("triager-of-owning-group", Roles.Triager, DemoSeed.TriagerEmail);
    public static SecurityCaller OtherGroupTriager { get; } = new("triager-of-other-group", Roles.Triager, OtherGroupTriagerEmail);
    public static SecurityCaller OtherAssociationTriager { get; } = new("triager-of-other-association", Roles.Triager, OtherAssociationTriagerEmail);
    public static SecurityCaller ReferredResponder { get; } = new("responder-of-referred-party", Roles.Responder, DemoSeed.ResponderFkEmail);
    public static SecurityCaller OtherResponder { get; } = new("responder-of-other-party", Roles.Responder, DemoSeed.ResponderAfEmail);
    public static SecurityCaller Analyst { get; } = new("analyst", Roles.Analyst, DemoSeed.AnalystEmail);
    public static SecurityCaller Admin { get; } = new("admin", Roles.Admin, DemoSeed.AdminEmail);

    /// <summary>The probe of issue 18: administrator of Jönköping and only an analyst of Höglandet, with the role claim <c>admin</c> in the token.</summary>
    public static SecurityCaller OtherAssociationAdmin { get; } = new("admin-of-other-association", Roles.Admin, OtherAssociationAdminEmail);

    /// <summary>The matrix's columns, in order.</summary>
    public static IReadOnlyList<SecurityCaller> All { get; } =
    [
        Anonymous, Reporter, PartnerKey, OwningTriager, OtherGroupTriager, OtherAssociationTriager,
        ReferredResponder, OtherResponder, Analyst, Admin, OtherAssociationAdmin,
    ];

    public static SecurityCaller Named(string name) => All.Single(caller => caller.Name == name);

    /// <summary>
    /// The two triagers the demo seed lacks, made as an administrator would: one in a new steering group
    /// of Höglandet that owns an empty queue, one in Jönköping's beredningsgrupp; and the administrator of
    /// Jönköping who is only an analyst of Höglandet.
    /// </summary>
    public static async Task AddMissingTriagersAsync(LexHellerApiFactory factory)
    {
        var admin = Admin.Api(factory);
        var group = await Admin.Api(factory).PostAsJsonCreatedAsync($"/api/v1/admin/associations/{DemoSeed.HoglandetCode}/steering-groups",
            new { name = OtherGroupName });
        await admin.PostAsJsonCreatedAsync($"/api/v1/admin/steering-groups/{group}/queues", new { name = OtherGroupName });
        await PutAsync(admin, $"/api/v1/admin/steering-groups/{group}/members/{OtherGroupTriagerEmail}");
        var neighbourGroup = await factory.ScalarAsync<Guid>("SELECT id FROM steering_groups WHERE name = @Name", new { Name = NeighbourGroupName });
        await PutAsync(admin, $"/api/v1/admin/steering-groups/{neighbourGroup}/members/{OtherAssociationTriagerEmail}");
        await factory.GrantAsync(DemoSeed.NeighbourCode, OtherAssociationAdminEmail, Roles.Admin);
        await factory.GrantAsync(DemoSeed.HoglandetCode, OtherAssociationAdminEmail, Roles.Analyst);
    }

    private static async Task PutAsync(HttpClient client, string path)
    {
        using var response = await client.PutAsync(path, null);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<Guid> PostAsJsonCreatedAsync(this HttpClient client, string path, object body)
    {
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(client, path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (Guid)(await response.ReadJsonAsync())["id"]!;
    }
}
