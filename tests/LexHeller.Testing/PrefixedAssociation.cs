namespace LexHeller.Testing;

/// <summary>
/// An association with a reference prefix of its own (<c>HL</c>, say), laid into the database as an administrator's
/// onboarding leaves it: one area, its municipality and Försäkringskassan, open to filing without sign-in, no
/// routing rules yet. Its reports are written from the first fixture report.
/// </summary>
public sealed record PrefixedAssociation(Guid Id, string Code, string Name, string Prefix, Guid MunicipalityId, Guid SocialInsuranceId)
{
    public const string AreaCode = "centrum";

    public static async Task<PrefixedAssociation> CreateAsync(LexHellerApiFactory factory, string code, string prefix)
    {
        var now = factory.Clock.GetUtcNow();
        var association = new PrefixedAssociation(Guid.CreateVersion7(now), code, $"Samordningsförbundet {code}", prefix,
            Guid.CreateVersion7(now), Guid.CreateVersion7(now));
        await factory.ExecuteAsync("""
            INSERT INTO associations (id, code, name, allow_anonymous_intake, reference_prefix, created_at)
            VALUES (@Id, @Code, @Name, 1, @Prefix, @Now)
            """, new { association.Id, association.Code, association.Name, association.Prefix, Now = now });
        await factory.ExecuteAsync("INSERT INTO areas (id, association_id, code, name) VALUES (@Id, @AssociationId, @Code, 'Centrum')",
            new { Id = Guid.CreateVersion7(now), AssociationId = association.Id, Code = AreaCode });
        await factory.ExecuteAsync("INSERT INTO parties (id, association_id, kind, name) VALUES (@Id, @AssociationId, @Kind, @Name)", new[]
        {
            new { Id = association.MunicipalityId, AssociationId = association.Id, Kind = "municipality", Name = "Centrums kommun" },
            new { Id = association.SocialInsuranceId, AssociationId = association.Id, Kind = "social-insurance", Name = "Försäkringskassan" },
        });
        return association;
    }

    /// <summary>A report to the association as the API takes it: the first fixture's texts, filed by the municipality about Försäkringskassan.</summary>
    public JsonObject Body()
    {
        var fixture = Fixtures.Reports()[0]!;
        return new JsonObject
        {
            ["associationCode"] = Code,
            ["areaCode"] = AreaCode,
            ["eventDate"] = "2026-10-14",
            ["kind"] = (string)fixture["kind"]!,
            ["reporterPartyId"] = MunicipalityId,
            ["involvedPartyIds"] = new JsonArray(JsonValue.Create(SocialInsuranceId)),
            ["suggestedCategory"] = (string)fixture["category"]!,
            ["description"] = (string)fixture["description"]!,
            ["consequence"] = (string)fixture["consequence"]!,
        };
    }

    /// <summary>The same report as the form's fields.</summary>
    public List<KeyValuePair<string, string>> FormFields(string idempotencyKey)
    {
        var body = Body();
        return
        [
            new("Input.AssociationCode", Code),
            new("Input.IdempotencyKey", idempotencyKey),
            new("Input.AreaCode", AreaCode),
            new("Input.EventDate", (string)body["eventDate"]!),
            new("Input.Kind", (string)body["kind"]!),
            new("Input.ReporterPartyId", MunicipalityId.ToString()),
            new("Input.InvolvedPartyIds", SocialInsuranceId.ToString()),
            new("Input.SuggestedCategory", (string)body["suggestedCategory"]!),
            new("Input.Description", (string)body["description"]!),
            new("Input.Consequence", (string)body["consequence"]!),
        ];
    }
}
