namespace LexHeller.Testing;

/// <summary>
/// A signed-in reporter files only as a party they act for (a member of it), and the demo seed makes
/// its reporter act for Nässjö kommun alone. Tests that file as any party, in either association, use
/// this client: before a report is sent, an administrator makes the reporter a member of the report's
/// party through the API (a reporter for it, as a member of the association), as one would for a real caseworker of that party.
/// </summary>
public sealed class ActingReporterHandler(LexHellerApiFactory factory, string email) : DelegatingHandler
{
    // One membership per party, awaited by every report filed as it (reports are filed in parallel too).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Lazy<Task>> _actsFor = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath == "/api/v1/reports" && request.Content is not null
            && await ReporterPartyAsync(request.Content) is { } partyId)
            await _actsFor.GetOrAdd(partyId, party => new Lazy<Task>(() => ActForAsync(party))).Value;

        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>The party a body files as; null for a body that names none (or is no JSON object: the service refuses those).</summary>
    private static async Task<Guid?> ReporterPartyAsync(HttpContent content)
    {
        try
        {
            var body = JsonNode.Parse(await content.ReadAsByteArrayAsync()) as JsonObject;
            return Guid.TryParse(body?["reporterPartyId"]?.ToJsonString().Trim('"'), out var partyId) ? partyId : null;
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            // Not JSON, not UTF-8, or a member of another type: the service refuses it without a membership.
            return null;
        }
    }

    private async Task ActForAsync(Guid partyId)
    {
        // The administrator makes the reporter a reporter for one more party of the party's association: the member's
        // roles and parties there are read and put back with the party added (the PUT replaces them), one at a time.
        var code = await factory.ScalarAsync<string?>(
            "SELECT a.code FROM parties p JOIN associations a ON a.id = p.association_id WHERE p.id = @PartyId", new { PartyId = partyId });
        // A party that does not exist is the report's to refuse (400), not the set-up's.
        if (code is null)
            return;

        await s_turn.WaitAsync();
        try
        {
            using var admin = factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));
            var members = await admin.GetFromJsonAsync<JsonObject>($"/api/v1/admin/associations/{code}/members");
            var member = members!["members"]!.AsArray().FirstOrDefault(node => (string?)node!["email"] == email.Trim().ToLowerInvariant());
            var roles = (member?["roles"]?.AsArray().Select(role => (string)role!) ?? []).Append("reporter").Distinct().ToArray();
            var parties = (member?["parties"]?.AsArray().Select(party => (Guid)party!["id"]!) ?? []).Append(partyId).Distinct().ToArray();
            using var response = await admin.PutAsJsonAsync($"/api/v1/admin/associations/{code}/members/{email}", new { roles, partyIds = parties });
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Making {email} a reporter for party {partyId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        finally
        {
            s_turn.Release();
        }
    }

    // Every membership change of every acting reporter in the process, one at a time (each reads, then replaces).
    private static readonly SemaphoreSlim s_turn = new(1, 1);
}

public static class ActingReporter
{
    /// <summary>An API client signed in (bearer token) as a reporter who acts for the party of every report it files.</summary>
    public static HttpClient ActingReporterClient(this LexHellerApiFactory factory, string email = DemoSeed.ReporterEmail) =>
        factory.CreateDefaultClient(new ActingReporterHandler(factory, email)).WithBearer(TestTokens.For("reporter", email));
}
