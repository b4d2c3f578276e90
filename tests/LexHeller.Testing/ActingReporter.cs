using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LexHeller.Api.Demo;

namespace LexHeller.Testing;

/// <summary>
/// A signed-in reporter files only as a party they act for (a member of it), and the demo seed makes
/// its reporter act for Nässjö kommun alone. Tests that file as any party, in either association, use
/// this client: before a report is sent, an administrator makes the reporter a member of the report's
/// party through the API, as one would for a real caseworker of that party.
/// </summary>
public sealed class ActingReporterHandler(LexHellerApiFactory factory, string email) : DelegatingHandler
{
    private readonly HashSet<Guid> _actsFor = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath == "/api/v1/reports" && request.Content is not null)
        {
            var body = await request.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
            if (Guid.TryParse(body?["reporterPartyId"]?.ToJsonString().Trim('"'), out var partyId) && _actsFor.Add(partyId))
            {
                using var admin = factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
                using var response = await admin.PutAsync($"/api/v1/admin/parties/{partyId}/contacts/{email}", null, cancellationToken);
                // A party that does not exist is the report's to refuse (400), not the set-up's.
                if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound)
                    throw new InvalidOperationException($"Making {email} act for party {partyId}: {(int)response.StatusCode}");
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

public static class ActingReporter
{
    /// <summary>An API client signed in (bearer token) as a reporter who acts for the party of every report it files.</summary>
    public static HttpClient ActingReporterClient(this LexHellerApiFactory factory, string email = DemoSeed.ReporterEmail) =>
        factory.CreateDefaultClient(new ActingReporterHandler(factory, email)).WithBearer(TestTokens.For("reporter", email));
}
