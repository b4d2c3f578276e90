namespace LexHeller.Testing;

/// <summary>The reference data as a client sees it, with lookups the tests need.</summary>
public sealed class ReferenceDataSnapshot(JsonNode root)
{
    public static async Task<ReferenceDataSnapshot> LoadAsync(HttpClient client) =>
        new((await client.GetFromJsonAsync<JsonNode>("/api/v1/reference-data"))!);

    public JsonNode Association(string code) =>
        root["associations"]!.AsArray().Single(a => (string)a!["code"]! == code)!;

    public Guid PartyId(string associationCode, string name) =>
        (Guid)Association(associationCode)["parties"]!.AsArray().Single(p => (string)p!["name"]! == name)!["id"]!;

    /// <summary>The party a fixture names by kind: the area's municipality, or the one party of that kind.</summary>
    public Guid PartyOfKind(string associationCode, string areaCode, string kind)
    {
        var association = Association(associationCode);
        if (kind == "municipality")
        {
            var areaName = (string)association["areas"]!.AsArray().Single(a => (string)a!["code"]! == areaCode)!["name"]!;
            return PartyId(associationCode, $"{areaName} kommun");
        }

        return (Guid)association["parties"]!.AsArray().Single(p => (string)p!["kind"]! == kind)!["id"]!;
    }
}
