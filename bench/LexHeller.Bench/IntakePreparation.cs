using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;

namespace LexHeller.Bench;

/// <summary>
/// Prepares the intake load (bench/intake.sh): a fresh database that the service migrated and seeded,
/// one API key per party of the association made through the admin API (as an administrator would),
/// and a file of varied, valid report bodies drawn from the fixtures, each with the key of its
/// reporter's party (a key files for its own party only). One line per body: key, a tab, the JSON.
/// </summary>
public static class IntakePreparation
{
    private const string Admin = "admin@demo.lexheller.example";

    // As a client would send it: UTF-8 text, å, ä and ö unescaped.
    private static readonly JsonSerializerOptions Utf8Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Small, realistic additions so that the texts vary beyond the fixtures (no digits: the personal-number guard reads them all).
    private static readonly string[] Afterwords =
    [
        "",
        " Samma sak hände förra månaden.",
        " Personen har nu en kontaktperson hos kommunen.",
        " Vi har tagit upp det i det lokala samverkansteamet.",
        " Det är oklart vem som äger frågan.",
        " Handläggaren var ny och kände inte till rutinen.",
    ];

    private static readonly string[] Names = ["Karin Lund", "Ali Hassan", "Maria Ek", "Johan Berg", "Sara Nyström", "Erik Holm"];
    private static readonly string[] ContactRoles = ["handläggare", "arbetsterapeut", "socialsekreterare", "samordnare", "kurator"];
    private static readonly string?[] Genders = ["woman", "man", "other", "not-stated", null];

    public static async Task RunAsync(Options options, string work, string bodiesPath, int count)
    {
        if (File.Exists(options.Database))
            throw new InvalidOperationException($"{options.Database} exists: intake-prepare wants a fresh database.");
        await using (var service = await Service.StartAsync(options.Service, options.Database, work))
            await PrepareAsync(service, options, bodiesPath, count);

        // The database is a template that intake.sh copies for every run: one file, the WAL folded in.
        using var connection = new SqliteConnection($"Data Source={options.Database};Pooling=False");
        connection.Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        checkpoint.ExecuteNonQuery();
    }

    private static async Task PrepareAsync(Service service, Options options, string bodiesPath, int count)
    {
        var world = ReadWorld(options.Database, "hoglandet");

        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Service.TokenFor("admin", Admin));
        var keys = new Dictionary<Guid, string>();
        foreach (var party in world.Parties)
        {
            using var response = await client.PostAsJsonAsync("api/v1/admin/associations/hoglandet/api-clients",
                new { name = $"Lastprov, {party.Name}", partyId = party.Id });
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Creating an API key for {party.Name}: {(int)response.StatusCode} {text}");
            keys[party.Id] = JsonNode.Parse(text)!["key"]!.GetValue<string>();
        }

        var random = new Random(options.Seed);
        var fixtures = Generator.LoadFixtures(options.Fixtures);
        var today = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var lines = new List<string>();
        var withContact = 0;
        while (lines.Count < count)
        {
            var fixture = fixtures[random.Next(fixtures.Count)];
            var area = random.NextDouble() < 0.7 ? fixture.Area : world.Areas[random.Next(world.Areas.Count)];
            var involved = fixture.InvolvedPartyKinds.Select(kind => world.PartyOfKind(kind, area)).Distinct().ToList();
            // The one forwarding rule of the demo world (Aneby with the region) sends the report on to the
            // neighbour association; everything else goes to a queue. The load stays with queued reports.
            if (area == "aneby" && fixture.InvolvedPartyKinds.Contains("region"))
                continue;
            var reporter = world.PartyOfKind(fixture.ReporterPartyKind, area);
            var category = random.NextDouble() < 0.8 ? fixture.Category : world.Categories[random.Next(world.Categories.Count)];
            var body = new JsonObject
            {
                ["associationCode"] = "hoglandet",
                ["areaCode"] = area,
                ["eventDate"] = today.AddDays(-random.Next(60)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["kind"] = fixture.Kind,
                ["reporterPartyId"] = reporter,
                ["involvedPartyIds"] = new JsonArray([.. involved.Select(id => JsonValue.Create(id))]),
                ["suggestedCategory"] = category,
                ["description"] = fixture.Description + Afterwords[random.Next(Afterwords.Length)],
                ["consequence"] = fixture.Consequence,
                ["actionsTaken"] = random.NextDouble() < 0.8 ? fixture.ActionsTaken : null,
                ["suggestedImprovement"] = random.NextDouble() < 0.7 ? fixture.SuggestedImprovement : null,
                ["affectedGender"] = Genders[random.Next(Genders.Length)],
            };
            if (random.NextDouble() < 0.4)
            {
                withContact++;
                var name = Names[random.Next(Names.Length)];
                var contact = new JsonObject
                {
                    ["name"] = name,
                    ["role"] = ContactRoles[random.Next(ContactRoles.Length)],
                    ["anonymousToParties"] = random.NextDouble() < 0.3,
                };
                if (random.NextDouble() < 0.8)
                    contact["email"] = name.ToLowerInvariant().Replace(' ', '.').Replace('ö', 'o') + "@example.se";
                else
                    contact["phone"] = "036-" + random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
                body["reporter"] = contact;
            }

            lines.Add(keys[reporter] + "\t" + body.ToJsonString(Utf8Json));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(bodiesPath))!);
        await File.WriteAllLinesAsync(bodiesPath, lines, new UTF8Encoding(false));

        // One body through the service as a check that they are valid before any load runs.
        using var check = new HttpClient { BaseAddress = service.BaseAddress };
        foreach (var line in lines.Take(20))
        {
            var (key, json) = (line[..line.IndexOf('\t')], line[(line.IndexOf('\t') + 1)..]);
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/reports") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Api-Key", key);
            using var response = await check.SendAsync(request);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"A generated body was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{json}");
        }

        Console.WriteLine($"{lines.Count} bodies ({withContact} with a reporter contact) for {keys.Count} API keys in {bodiesPath}; 20 checked against the service.");
    }

    private sealed record Party(Guid Id, string Kind, string Name);

    private sealed record World(IReadOnlyList<string> Areas, IReadOnlyList<Party> Parties, IReadOnlyList<string> Categories)
    {
        /// <summary>The area's own municipality for a municipality, else the first party of the kind.</summary>
        public Guid PartyOfKind(string kind, string area)
        {
            var matches = Parties.Where(party => party.Kind == kind).ToList();
            if (kind == "municipality" && matches.FirstOrDefault(party => Normalize(party.Name).StartsWith(area, StringComparison.Ordinal)) is { } own)
                return own.Id;
            return matches.Count > 0 ? matches[0].Id : Parties[0].Id;
        }

        private static string Normalize(string name) =>
            name.ToLowerInvariant().Replace('å', 'a').Replace('ä', 'a').Replace('ö', 'o');
    }

    private static World ReadWorld(string database, string code)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        List<string[]> Rows(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$code", code);
            using var reader = command.ExecuteReader();
            var rows = new List<string[]>();
            while (reader.Read())
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
            return rows;
        }

        return new World(
            [.. Rows("SELECT a.code FROM areas a JOIN associations s ON s.id = a.association_id WHERE s.code = $code ORDER BY a.code").Select(r => r[0])],
            [.. Rows("SELECT p.id, p.kind, p.name FROM parties p JOIN associations s ON s.id = p.association_id WHERE s.code = $code ORDER BY p.name")
                .Select(r => new Party(Guid.Parse(r[0]), r[1], r[2]))],
            [.. Rows("SELECT code FROM categories WHERE is_active = 1 AND $code IS NOT NULL ORDER BY code").Select(r => r[0])]);
    }
}
