namespace LexHeller.Testing;

/// <summary>Report bodies as clients send them, built from the fixture reports.</summary>
public static class ReportBodies
{
    public const string Association = "hoglandet";

    /// <summary>The fixture report at <paramref name="index"/> as a POST body for Höglandet.</summary>
    public static JsonObject FromFixture(ReferenceDataSnapshot referenceData, int index, JsonObject? reporter = null)
    {
        var fixture = Fixtures.Reports()[index]!;
        var area = (string)fixture["area"]!;
        var body = new JsonObject
        {
            ["associationCode"] = Association,
            ["areaCode"] = area,
            ["eventDate"] = "2026-10-14",
            ["kind"] = (string)fixture["kind"]!,
            ["reporterPartyId"] = referenceData.PartyOfKind(Association, area, (string)fixture["reporterPartyKind"]!),
            ["involvedPartyIds"] = new JsonArray([.. fixture["involvedPartyKinds"]!.AsArray()
                .Select(kind => referenceData.PartyOfKind(Association, area, (string)kind!))
                .Distinct()
                .Select(id => (JsonNode)JsonValue.Create(id))]),
            ["suggestedCategory"] = (string)fixture["category"]!,
            ["description"] = (string)fixture["description"]!,
            ["consequence"] = (string)fixture["consequence"]!,
            ["actionsTaken"] = (string)fixture["actionsTaken"]!,
            ["suggestedImprovement"] = (string)fixture["suggestedImprovement"]!,
            ["affectedGender"] = "not-stated",
        };
        if (reporter is not null)
            body["reporter"] = reporter;
        return body;
    }

    /// <summary>The first fixture from Nässjö kommun's point of view: what the demo API key may file.</summary>
    public static JsonObject ForNassjoKommun(ReferenceDataSnapshot referenceData)
    {
        var body = FromFixture(referenceData, 0);
        body["reporterPartyId"] = referenceData.PartyId(Association, "Nässjö kommun");
        return body;
    }

    public static JsonObject Contact(string email = "anna.handlaggare@nassjo.example", bool anonymousToParties = false) => new()
    {
        ["name"] = "Anna Handläggare",
        ["role"] = "Socialsekreterare",
        ["email"] = email,
        ["phone"] = "0380-51 80 00",
        ["anonymousToParties"] = anonymousToParties,
    };
}
