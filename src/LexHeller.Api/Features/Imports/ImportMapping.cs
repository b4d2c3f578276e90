namespace LexHeller.Api.Features.Imports;

/// <summary>A field of a report that a register's column fills, the template's header for it, and whether a row must have it.</summary>
public sealed record ImportField(string Name, string Header, bool Required, string Description);

/// <summary>
/// Which column of a register fills which field: the template's headers by default; a mapping (our field → their
/// column's header) for an old register's own headers; and a category mapping (their value → our category code).
/// Headers are matched without regard to case or surrounding spaces.
/// </summary>
public sealed record ImportMapping(
    [property: Description("Our field → the header of their column that holds it, e.g. {\"eventDate\": \"Datum\"}. Fields left out keep the template's header.")]
    IReadOnlyDictionary<string, string>? Columns = null,
    [property: Description("Their category value → our category code, e.g. {\"Rundgång\": \"responsibility-gap\"}.")]
    IReadOnlyDictionary<string, string>? Categories = null)
{
    public const string ExternalId = "externalId";
    public const string EventDate = "eventDate";
    public const string ReceivedDate = "receivedDate";
    public const string Area = "area";
    public const string ReporterParty = "reporterParty";
    public const string InvolvedParties = "involvedParties";
    public const string Category = "category";
    public const string Kind = "kind";
    public const string Description = "description";
    public const string Consequence = "consequence";
    public const string ActionsTaken = "actionsTaken";
    public const string SuggestedImprovement = "suggestedImprovement";
    public const string Status = "status";
    public const string Resolution = "resolution";
    public const string ClosedDate = "closedDate";
    public const string AnswerParty = "answerParty";
    public const string Answer = "answer";
    public const string AnsweredDate = "answeredDate";
    public const string ClosingWord = "closingWord";

    /// <summary>The fields in the template's order.</summary>
    public static IReadOnlyList<ImportField> Fields { get; } =
    [
        new(ExternalId, "id", false, "The register's own number for the row; when given, it is what makes a second import of the row add nothing."),
        new(EventDate, "handelsedatum", true, "When it happened: YYYY-MM-DD, an Excel date cell or an Excel serial number."),
        new(ReceivedDate, "inkom", false, "When the report came in (the report is filed on that day; its reference is of that year). Empty: the event date."),
        new(Area, "omrade", true, "The area's code or name."),
        new(ReporterParty, "rapporterande_part", true, "The reporter's party, by name."),
        new(InvolvedParties, "berorda_parter", true, "The parties where collaboration failed, by name, separated by ';' (1–10)."),
        new(Category, "kategori", true, "The category's code or Swedish label, or a value the category mapping names."),
        new(Kind, "typ", false, "'occurred'/'Inträffat' or 'risk'/'Risk'. Empty: occurred."),
        new(Description, "beskrivning", true, "What happened (at most 4,000 characters)."),
        new(Consequence, "konsekvens", true, "The consequence for the individual (at most 2,000 characters)."),
        new(ActionsTaken, "atgarder", false, "Actions already taken (at most 2,000 characters)."),
        new(SuggestedImprovement, "forslag", false, "Suggested improvement (at most 2,000 characters)."),
        new(Status, "status", false, "The status code or its Swedish name (received, in-triage, answered, closed). Empty: closed when a closing date is given, else received."),
        new(Resolution, "utfall", false, "How a closed report ended: the resolution's code or Swedish name. Needed when the status is closed."),
        new(ClosedDate, "avslutad", false, "When it was closed. Needed when the status is closed."),
        new(AnswerParty, "svar_part", false, "The party that answered, by name (with svar)."),
        new(Answer, "svar", false, "The party's answer (at most 4,000 characters; with svar_part)."),
        new(AnsweredDate, "svar_datum", false, "When the party answered. Empty: the closing date, else the received date."),
        new(ClosingWord, "styrgruppens_besked", false, "The steering group's closing word or outcome (at most 2,000 characters)."),
    ];

    /// <summary>The field names a mapping may name, to check it by.</summary>
    public static IReadOnlySet<string> FieldNames { get; } = Fields.Select(field => field.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The header that holds <paramref name="field"/> in this register.</summary>
    public string HeaderOf(ImportField field) =>
        Columns is not null && Columns.TryGetValue(field.Name, out var header) && !string.IsNullOrWhiteSpace(header) ? header.Trim() : field.Header;

    /// <summary>The mapping's own mistakes: fields we do not have, categories mapped to nothing.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var name in (Columns?.Keys ?? []).Where(name => !FieldNames.Contains(name)))
            yield return $"The mapping names '{name}', which is not a field; the fields are {string.Join(", ", FieldNames)}.";
        foreach (var (value, code) in Categories ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(value) || string.IsNullOrWhiteSpace(code))
                yield return "A category mapping needs both their value and our code.";
        }
    }

    /// <summary>A mapping from JSON (<c>{"columns": {…}, "categories": {…}}</c>); a mapping that is not one is a <see cref="RegisterFileException"/>.</summary>
    public static ImportMapping Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return new ImportMapping();
        try
        {
            return JsonSerializer.Deserialize<ImportMapping>(json, JsonOptions) ?? new ImportMapping();
        }
        catch (JsonException)
        {
            throw new RegisterFileException("The mapping is not JSON of the form {\"columns\": {\"eventDate\": \"Datum\"}, \"categories\": {\"Rundgång\": \"responsibility-gap\"}}.",
                "Mappningen är inte JSON av formen {\"columns\": {\"eventDate\": \"Datum\"}, \"categories\": {\"Rundgång\": \"responsibility-gap\"}}.");
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };
}
