namespace LexHeller.Api.Tests.Patterns;

/// <summary>
/// Reports of one combination the demo data never files (knowledge × region and employment service),
/// so a test counts only its own reports.
/// </summary>
public static class PatternBodies
{
    public const string Category = "knowledge";
    public const string PartyKinds = "region,employment-service";
    public const string Key = $"{Category}~{PartyKinds}";

    /// <summary>The recurrence window the demo associations keep: the schema's default.</summary>
    public const int WindowDays = 180;

    public static JsonObject Body(ReferenceDataSnapshot referenceData, DateOnly eventDate)
    {
        var body = ReportBodies.FromFixture(referenceData, 13);
        body["eventDate"] = eventDate.ToString("yyyy-MM-dd");
        body["suggestedCategory"] = Category;
        body["involvedPartyIds"] = new JsonArray(
            JsonValue.Create(referenceData.PartyId(ReportBodies.Association, "Region Jönköpings län")),
            JsonValue.Create(referenceData.PartyId(ReportBodies.Association, "Arbetsförmedlingen")));
        return body;
    }

    public static async Task<IReadOnlyList<Guid>> FileAsync(Workflow workflow, ReferenceDataSnapshot referenceData, params DateOnly[] eventDates)
    {
        var ids = new List<Guid>();
        foreach (var date in eventDates)
            ids.Add((await workflow.FileAsync(Body(referenceData, date))).Id);
        return ids;
    }

    public static DateOnly Today(LexHellerApiFactory factory) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(factory.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm")).DateTime);

    public static JsonNode? Find(JsonNode patterns, string key = Key) =>
        patterns["patterns"]!.AsArray().SingleOrDefault(pattern => (string)pattern!["key"]! == key);

    public static Task<int> NotificationsAsync(LexHellerApiFactory factory) =>
        factory.ScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE kind = 'pattern' AND subject LIKE '%Kunskap om varandras uppdrag%'");
}
