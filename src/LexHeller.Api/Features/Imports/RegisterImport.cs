using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LexHeller.Api.Features.Admin;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Features.Referrals;
using LexHeller.Api.Infrastructure;
using LexHeller.Domain.Privacy;

namespace LexHeller.Api.Features.Imports;

[Description("A row the import refuses (or, in a dry run, would refuse) and why.")]
public sealed record ImportRefusal(
    [property: Description("The row as a spreadsheet shows it: the header is row 1.")] int Row,
    [property: Description("The column's header in the file (or its letter, A, B, …, when it has none).")] string Column,
    [property: Description("Why, in English. Never the personal identity number found.")] string Reason)
{
    /// <summary>The reason in Swedish, for the upload page.</summary>
    [JsonIgnore]
    public string ReasonSv { get; init; } = Reason;
}

[Description("What an import did, or in a dry run would do.")]
public sealed record ImportOutcome(
    [property: Description("Rows imported (in a dry run: rows that would be imported).")] int Accepted,
    [property: Description("Every row refused, with its column and reason. A real run imports the other rows and none of these.")] IReadOnlyList<ImportRefusal> Refused,
    [property: Description("Rows imported before (by their id, else by their content): not imported again.")] int AlreadyImported,
    [property: Description("Rows of data in the file (the header and blank rows not counted).")] int Rows,
    [property: Description("Whether this was a dry run: then nothing was stored.")] bool DryRun,
    [property: Description("The references the imported reports got, in the order of the file's rows (empty in a dry run).")] IReadOnlyList<ImportedReference> References);

[Description("An imported row and the reference its report got.")]
public sealed record ImportedReference(int Row, string Reference);

/// <summary>
/// The import of an association's old register (<c>docs/domain.md#import</c>). Every row is checked as intake would
/// check it and against the association's areas, parties and categories; every cell is searched for personal identity
/// numbers with <see cref="PersonalNumberGuard"/>. The rows that pass become reports with their original dates, status,
/// category, answers and resolution, referenced in the association's series for the year they came in, in order of that
/// date, with an <c>imported</c> event: no routing, no mail, no receipt, no pattern notice. What was imported before
/// (by the row's own id, else by its content) is not imported again. All accepted rows are written in the caller's
/// transaction: all of them or none.
/// </summary>
public sealed class RegisterImport(DbSession session, TimeProvider time)
{
    public const string ImportedEvent = "imported";
    public const string ImportActor = "system:import";
    public const int FileNameMaxLength = 200;
    public const int ExternalIdMaxLength = 100;
    public const string ReferralQuestion = "Frågan och svaret fördes in från förbundets tidigare register.";

    private static readonly TimeZoneInfo SwedishZone = FindZone();

    /// <summary>Checks the register and, unless <paramref name="dryRun"/>, imports the rows that pass.</summary>
    public async Task<ImportOutcome> RunAsync(ImportTarget association, RegisterSheet sheet, ImportMapping mapping, string fileName, bool dryRun,
        Caller caller, CancellationToken cancellationToken, Action<string>? progress = null, int progressEvery = 100)
    {
        var reference = await ReferenceDataAsync(association.Id, cancellationToken);
        var columns = ColumnsOf(sheet, mapping);
        var refused = new List<ImportRefusal>();
        refused.AddRange(HeaderRefusals(sheet));

        var checker = new RowChecker(columns, mapping, reference, SwedishCalendar.Today(time));
        var accepted = new List<ImportedRow>();
        var keysInFile = new Dictionary<string, int>(StringComparer.Ordinal);
        var alreadyImported = 0;
        var checkedRows = 0;
        foreach (var row in sheet.Rows)
        {
            var result = checker.Check(row);
            if (result.Refusals.Count == 0 && reference.ImportedKeys.Contains(result.Key))
            {
                alreadyImported++;
            }
            else if (result.Refusals.Count == 0 && keysInFile.TryGetValue(result.Key, out var earlier))
            {
                refused.Add(result.Key.StartsWith("id:", StringComparison.Ordinal)
                    ? Refusal(row.Number, columns.HeaderOf(ImportMapping.ExternalId), $"Row {earlier} has the same id.", $"Rad {earlier} har samma id.")
                    : Refusal(row.Number, "", $"Row {earlier} has the same content.", $"Rad {earlier} har samma innehåll."));
            }
            else if (result.Refusals.Count == 0)
            {
                keysInFile[result.Key] = row.Number;
                accepted.Add(result.Row!);
            }
            else
            {
                refused.AddRange(result.Refusals);
            }

            if (progress is not null && ++checkedRows % progressEvery == 0)
                progress($"Checked {checkedRows} of {sheet.Rows.Count} rows.");
        }

        var references = new List<ImportedReference>();
        if (!dryRun && accepted.Count > 0)
        {
            var now = time.GetUtcNow();
            var written = 0;
            // References are given in order of filing, so a year's series follows the dates the reports came in.
            foreach (var row in accepted.OrderBy(row => row.Received).ThenBy(row => row.Number))
            {
                references.Add(new ImportedReference(row.Number, await WriteAsync(association, row, fileName, now, cancellationToken)));
                if (progress is not null && ++written % progressEvery == 0)
                    progress($"Imported {written} of {accepted.Count} rows.");
            }

            await AuditLog.RecordAsync(session, caller, association.Id, "import-register", "register-import", fileName, null,
                new { fileName, rows = sheet.Rows.Count, accepted = accepted.Count, alreadyImported, refused = refused.Count }, now, cancellationToken);
        }

        return new ImportOutcome(accepted.Count, [.. refused.OrderBy(r => r.Row)], alreadyImported, sheet.Rows.Count, dryRun,
            [.. references.OrderBy(r => r.Row)]);
    }

    /// <summary>A header that holds a personal identity number is refused too (row 1, by its column letter).</summary>
    private static IEnumerable<ImportRefusal> HeaderRefusals(RegisterSheet sheet) =>
        sheet.Headers.Select((header, index) => (header, index))
            .Where(column => PersonalNumberGuard.ContainsPersonalNumber(column.header))
            .Select(column => PersonalNumberRefusal(1, ColumnLetter(column.index)));

    private static RegisterColumns ColumnsOf(RegisterSheet sheet, ImportMapping mapping)
    {
        var byHeader = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sheet.Headers.Count; i++)
            byHeader.TryAdd(sheet.Headers[i].Trim(), i);

        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var field in ImportMapping.Fields)
        {
            var header = mapping.HeaderOf(field);
            if (byHeader.TryGetValue(header, out var index))
                indexes[field.Name] = index;
            else if (field.Required)
                missing.Add(mapping.Columns?.ContainsKey(field.Name) == true ? $"'{header}' (mapped to {field.Name})" : $"'{header}'");
            else if (mapping.Columns?.ContainsKey(field.Name) == true)
                missing.Add($"'{header}' (mapped to {field.Name})");
        }

        if (missing.Count > 0)
        {
            throw new RegisterFileException($"The header row has no column {string.Join(", ", missing)}. "
                + "Name the columns as the template does, or give a mapping from our fields to your headers.",
                $"Rubrikraden saknar kolumnen {string.Join(", ", missing)}. Ge kolumnerna mallens namn.");
        }

        return new RegisterColumns(sheet.Headers, indexes);
    }

    private async Task<string> WriteAsync(ImportTarget association, ImportedRow row, string fileName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var year = row.Received.Year;
        // The association's series, as intake allocates it (its prefix, the year's next number).
        var allocated = await ReportReferences.NextAsync(session, association.Id, year, cancellationToken);
        var reference = allocated.ToString();
        var sequence = allocated.Sequence;

        var reportId = Guid.CreateVersion7(now);
        var filedAt = Instant(row.Received);
        var answeredAt = row.Answer is { } answer ? Instant(answer.On) : (DateTimeOffset?)null;
        var closedAt = row.Closed is { } closed ? Instant(closed) : (DateTimeOffset?)null;
        await session.ExecuteAsync(InsertReport, new
        {
            Id = reportId,
            AssociationId = association.Id,
            row.AreaId,
            Reference = reference,
            Year = year,
            Sequence = sequence,
            row.EventDate,
            Kind = Codes.Of(row.Kind),
            row.ReporterPartyId,
            row.Category,
            row.Description,
            row.Consequence,
            row.ActionsTaken,
            row.SuggestedImprovement,
            Status = Codes.Of(row.Status),
            FiledAt = filedAt,
            Now = now,
            InvolvedPartyKinds = PartyKindSet.KeyOf(row.InvolvedPartyKinds),
            Resolution = row.Resolution is { } resolution ? Codes.Of(resolution) : null,
            FirstReferredAt = row.Answer is null ? (DateTimeOffset?)null : filedAt,
            FirstAnsweredAt = answeredAt,
            ClosedAt = closedAt,
        }, cancellationToken);
        await session.ExecuteAsync(InsertInvolvedParty,
            row.InvolvedPartyIds.Select(partyId => new { ReportId = reportId, PartyId = partyId }), cancellationToken);

        if (row.Answer is { } given)
        {
            await session.ExecuteAsync(InsertAnsweredReferral, new
            {
                Id = Guid.CreateVersion7(now),
                ReportId = reportId,
                given.PartyId,
                Question = ReferralQuestion,
                DueOn = given.On,
                CreatedAt = filedAt,
                Cause = given.Text,
                AnsweredAt = answeredAt,
            }, cancellationToken);
        }

        if (row.ClosingWord is { } word)
            await ReportMessages.AddAsync(session, reportId, ReportMessages.Closure, word, closedAt ?? filedAt, cancellationToken);

        await ReportEvents.AppendAsync(session, reportId, ImportedEvent, ImportActor, null, row.Status,
            string.Create(CultureInfo.InvariantCulture, $"Imported from the register {fileName}, row {row.Number}."), now, cancellationToken,
            JsonSerializer.Serialize(new { file = fileName, row = row.Number, externalId = row.ExternalId }));

        await session.ExecuteAsync(InsertImport, new
        {
            AssociationId = association.Id,
            ImportKey = row.Key,
            ReportId = reportId,
            SourceFile = fileName,
            SourceRow = row.Number,
            Now = now,
        }, cancellationToken);
        return reference;
    }

    private const string InsertReport = """
        INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind,
            reporter_party_id, suggested_category, category, description, consequence, actions_taken, suggested_improvement,
            affected_gender, anonymous_to_parties, status, channel, api_client_id, version, created_at, updated_at, involved_party_kinds,
            resolution, first_referred_at, first_answered_at, closed_at)
        VALUES (@Id, @AssociationId, @AreaId, @Reference, @Year, @Sequence, @EventDate, @Kind,
            @ReporterPartyId, @Category, @Category, @Description, @Consequence, @ActionsTaken, @SuggestedImprovement,
            NULL, 0, @Status, 'system', NULL, 1, @FiledAt, @Now, @InvolvedPartyKinds,
            @Resolution, @FirstReferredAt, @FirstAnsweredAt, @ClosedAt)
        """;

    private const string InsertInvolvedParty = "INSERT INTO report_involved_parties (report_id, party_id) VALUES (@ReportId, @PartyId)";

    private const string InsertAnsweredReferral = """
        INSERT INTO referrals (id, report_id, party_id, question, due_on, status, created_at, cause, actions, follow_up_plan,
            responder_name, responder_role, answered_at)
        VALUES (@Id, @ReportId, @PartyId, @Question, @DueOn, 'answered', @CreatedAt, @Cause, '', '', '', '', @AnsweredAt)
        """;

    private const string InsertImport = """
        INSERT INTO report_imports (association_id, import_key, report_id, source_file, source_row, imported_at)
        VALUES (@AssociationId, @ImportKey, @ReportId, @SourceFile, @SourceRow, @Now)
        """;

    private const string ReferenceDataSql = """
        SELECT id, code, name FROM areas WHERE association_id = @AssociationId;
        SELECT id, name, kind FROM parties WHERE association_id = @AssociationId;
        SELECT code, label_sv FROM categories WHERE association_id IS NULL OR association_id = @AssociationId;
        SELECT import_key FROM report_imports WHERE association_id = @AssociationId;
        """;

    private async Task<ImportReferenceData> ReferenceDataAsync(Guid associationId, CancellationToken cancellationToken)
    {
        await using var results = await session.QueryMultipleAsync(ReferenceDataSql, new { AssociationId = associationId }, cancellationToken);
        var areas = (await results.ReadAsync<NamedRow>()).ToList();
        var parties = (await results.ReadAsync<PartyRow>()).ToList();
        var categories = (await results.ReadAsync<CategoryRow>()).ToList();
        var keys = (await results.ReadAsync<string>()).ToHashSet(StringComparer.Ordinal);

        var areaIds = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var area in areas)
        {
            areaIds.TryAdd(area.Code, area.Id);
            areaIds.TryAdd(area.Name, area.Id);
        }

        var categoryCodes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var category in categories)
        {
            categoryCodes.TryAdd(category.Code, category.Code);
            categoryCodes.TryAdd(category.LabelSv, category.Code);
        }

        return new ImportReferenceData(areaIds,
            parties.GroupBy(party => party.Name.Trim(), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(group => group.Key, group => (group.First().Id, Codes.Parse<PartyKind>(group.First().Kind)), StringComparer.OrdinalIgnoreCase),
            categoryCodes, categories.Select(category => category.Code).ToHashSet(StringComparer.Ordinal), keys);
    }

    /// <summary>Noon, Swedish time, of a day: the instant an imported date stands for (it falls on that day in any time zone of Europe).</summary>
    private static DateTimeOffset Instant(DateOnly date) =>
        new(TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(new TimeOnly(12, 0)), SwedishZone), TimeSpan.Zero);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    internal static ImportRefusal Refusal(int row, string column, string reason, string reasonSv) => new(row, column, reason) { ReasonSv = reasonSv };

    internal static ImportRefusal PersonalNumberRefusal(int row, string column) => Refusal(row, column,
        "A personal identity number was found in this cell (it is not shown here). Remove it, then import again.",
        "Cellen innehåller ett personnummer (det visas inte här). Ta bort det och importera igen.");

    /// <summary>A spreadsheet's column letter: 0 is A, 26 is AA.</summary>
    internal static string ColumnLetter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    private sealed class NamedRow
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
    }

    private sealed class PartyRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
    }

    private sealed class CategoryRow
    {
        public string Code { get; init; } = "";
        public string LabelSv { get; init; } = "";
    }
}

/// <summary>The association an import writes into.</summary>
public sealed class ImportTarget
{
    public Guid Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string ReferencePrefix { get; init; } = "LH";

    public const string ByCode = "SELECT id, code, name, reference_prefix FROM associations WHERE code = @Code";
}

internal sealed record ImportReferenceData(
    IReadOnlyDictionary<string, Guid> AreaIds,
    IReadOnlyDictionary<string, (Guid Id, PartyKind Kind)> Parties,
    IReadOnlyDictionary<string, string> CategoryCodes,
    IReadOnlySet<string> Categories,
    IReadOnlySet<string> ImportedKeys);

internal sealed record RegisterColumns(IReadOnlyList<string> Headers, IReadOnlyDictionary<string, int> Indexes)
{
    public string HeaderOf(string field) => Indexes.TryGetValue(field, out var index) ? NameOf(index) : field;

    public string NameOf(int index) => index < Headers.Count && Headers[index].Length > 0 && !PersonalNumberGuard.ContainsPersonalNumber(Headers[index])
        ? Headers[index]
        : RegisterImport.ColumnLetter(index);
}

internal sealed record ImportedAnswer(Guid PartyId, string Text, DateOnly On);

internal sealed record ImportedRow(
    int Number,
    string Key,
    string? ExternalId,
    DateOnly EventDate,
    DateOnly Received,
    Guid AreaId,
    Guid ReporterPartyId,
    IReadOnlyList<Guid> InvolvedPartyIds,
    IReadOnlySet<PartyKind> InvolvedPartyKinds,
    string Category,
    ReportKind Kind,
    string Description,
    string Consequence,
    string ActionsTaken,
    string SuggestedImprovement,
    ReportStatus Status,
    Resolution? Resolution,
    DateOnly? Closed,
    ImportedAnswer? Answer,
    string? ClosingWord);

internal sealed record RowCheck(ImportedRow? Row, string Key, IReadOnlyList<ImportRefusal> Refusals);

/// <summary>Checks one row of a register: every refusal it earns, or the report it becomes.</summary>
internal sealed partial class RowChecker(RegisterColumns columns, ImportMapping mapping, ImportReferenceData reference, DateOnly today)
{
    private static readonly DateOnly Earliest = new(2000, 1, 1);

    private readonly Dictionary<string, string> _categoryMapping = (mapping.Categories ?? new Dictionary<string, string>())
        .Where(pair => !string.IsNullOrWhiteSpace(pair.Key))
        .GroupBy(pair => pair.Key.Trim(), StringComparer.OrdinalIgnoreCase)
        .ToDictionary(group => group.Key, group => group.First().Value.Trim(), StringComparer.OrdinalIgnoreCase);

    public RowCheck Check(RegisterRow row)
    {
        var refusals = new List<ImportRefusal>();
        var tainted = new HashSet<int>();
        for (var column = 0; column < row.Cells.Count; column++)
        {
            if (PersonalNumberGuard.ContainsPersonalNumber(row.Cells[column].Text))
            {
                tainted.Add(column);
                refusals.Add(RegisterImport.PersonalNumberRefusal(row.Number, columns.NameOf(column)));
            }
        }

        var values = new RowValues(row, columns, tainted);
        var externalId = values.Text(ImportMapping.ExternalId);
        if (externalId is { Length: > RegisterImport.ExternalIdMaxLength } || externalId?.Any(char.IsControl) == true)
        {
            Refuse(ImportMapping.ExternalId, $"The id must be one line of at most {RegisterImport.ExternalIdMaxLength} characters.",
                $"Id:t får vara högst {RegisterImport.ExternalIdMaxLength} tecken på en rad.");
        }

        var eventDate = Date(ImportMapping.EventDate, required: true);
        var received = Date(ImportMapping.ReceivedDate, required: false) ?? eventDate;
        if (eventDate is { } happened && received is { } came && came < happened)
            Refuse(ImportMapping.ReceivedDate, "The report cannot have come in before the event.", "Avvikelsen kan inte ha kommit in före händelsen.");

        var areaId = Lookup(ImportMapping.Area, reference.AreaIds, "area", "området");
        var reporterParty = Party(ImportMapping.ReporterParty, values.Text(ImportMapping.ReporterParty), required: true);
        var involved = InvolvedParties();
        var category = Category();
        var kind = Kind();
        var description = FreeText(ImportMapping.Description, SubmitReport.DescriptionMaxLength, required: true);
        var consequence = FreeText(ImportMapping.Consequence, SubmitReport.TextMaxLength, required: true);
        var actionsTaken = FreeText(ImportMapping.ActionsTaken, SubmitReport.TextMaxLength, required: false);
        var suggestedImprovement = FreeText(ImportMapping.SuggestedImprovement, SubmitReport.TextMaxLength, required: false);
        var closingWord = FreeText(ImportMapping.ClosingWord, SubmitReport.TextMaxLength, required: false);
        var closed = Date(ImportMapping.ClosedDate, required: false);
        var resolution = ResolutionOf();
        var status = StatusOf(closed is not null || resolution is not null);
        var answer = Answer(received, closed);

        if (status == ReportStatus.Closed)
        {
            if (resolution is null && !values.Has(ImportMapping.Resolution))
                Refuse(ImportMapping.Resolution, "A closed report needs a resolution.", "En avslutad avvikelse behöver ett utfall.");
            if (closed is null && !values.Has(ImportMapping.ClosedDate))
                Refuse(ImportMapping.ClosedDate, "A closed report needs the date it was closed.", "En avslutad avvikelse behöver datumet då den avslutades.");
            if (closed is { } end && received is { } start && end < start)
                Refuse(ImportMapping.ClosedDate, "The report cannot have been closed before it came in.", "Avvikelsen kan inte ha avslutats innan den kom in.");
        }
        else if (status is not null && (resolution is not null || closed is not null))
        {
            Refuse(ImportMapping.Status, "A resolution or a closing date is given, but the status is not closed.",
                "Ett utfall eller ett avslutsdatum är ifyllt, men statusen är inte avslutad.");
        }

        var key = KeyOf(values, externalId);
        if (refusals.Count > 0)
            return new RowCheck(null, key, refusals);

        return new RowCheck(new ImportedRow(row.Number, key, string.IsNullOrEmpty(externalId) ? null : externalId,
            eventDate!.Value, received!.Value, areaId!.Value, reporterParty!.Value.Id,
            [.. involved!.Select(party => party.Id)], involved!.Select(party => party.Kind).ToHashSet(), category!, kind!.Value,
            description!, consequence!, actionsTaken ?? "", suggestedImprovement ?? "", status!.Value, resolution, closed, answer, closingWord), key, refusals);

        void Refuse(string field, string reason, string reasonSv) =>
            refusals.Add(RegisterImport.Refusal(row.Number, columns.HeaderOf(field), reason, reasonSv));

        DateOnly? Date(string field, bool required)
        {
            if (values.IsTainted(field))
                return null;
            var cell = values.Cell(field);
            if (cell.IsEmpty || cell.Text.Trim().Length == 0 && cell.Date is null)
            {
                if (required)
                    Refuse(field, "A date is required.", "Datum saknas.");
                return null;
            }

            if (ParseDate(cell) is not { } date)
            {
                Refuse(field, $"'{Shown(cell.Text)}' is not a date: write it as YYYY-MM-DD (2019-03-04), or use a date cell.",
                    $"”{Shown(cell.Text)}” är inte ett datum: skriv det som ÅÅÅÅ-MM-DD (2019-03-04) eller använd en datumcell.");
                return null;
            }

            if (date < Earliest || date > today)
            {
                Refuse(field, $"The date {date:yyyy-MM-dd} is not between 2000-01-01 and today.", $"Datumet {date:yyyy-MM-dd} ligger inte mellan 2000-01-01 och i dag.");
                return null;
            }

            return date;
        }

        Guid? Lookup(string field, IReadOnlyDictionary<string, Guid> known, string what, string whatSv)
        {
            if (values.IsTainted(field))
                return null;
            var text = values.Text(field);
            if (string.IsNullOrEmpty(text))
            {
                Refuse(field, $"The {what} is required.", $"Uppgift om {whatSv} saknas.");
                return null;
            }

            if (known.TryGetValue(text, out var id))
                return id;
            Refuse(field, $"Unknown {what} '{Shown(text)}': it is not an {what} of the association (by code or name).",
                $"Okänt område ”{Shown(text)}”: förbundet har inget område med den koden eller det namnet.");
            return null;
        }

        (Guid Id, PartyKind Kind)? Party(string field, string? name, bool required)
        {
            if (values.IsTainted(field))
                return null;
            if (string.IsNullOrEmpty(name))
            {
                if (required)
                    Refuse(field, "The party is required.", "Part saknas.");
                return null;
            }

            if (reference.Parties.TryGetValue(name, out var party))
                return party;
            Refuse(field, $"Unknown party '{Shown(name)}': it is not a party of the association.", $"Okänd part ”{Shown(name)}”: den är inte en part i förbundet.");
            return null;
        }

        List<(Guid Id, PartyKind Kind)>? InvolvedParties()
        {
            if (values.IsTainted(ImportMapping.InvolvedParties))
                return null;
            var names = (values.Text(ImportMapping.InvolvedParties) ?? "")
                .Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (names.Count is 0 or > SubmitReport.MaxInvolvedParties)
            {
                Refuse(ImportMapping.InvolvedParties, $"Name 1 to {SubmitReport.MaxInvolvedParties} involved parties, separated by ';'.",
                    $"Ange 1 till {SubmitReport.MaxInvolvedParties} berörda parter, åtskilda med semikolon.");
                return null;
            }

            var parties = names.Select(name => Party(ImportMapping.InvolvedParties, name, required: true)).ToList();
            return parties.All(party => party is not null) ? [.. parties.Select(party => party!.Value)] : null;
        }

        string? Category()
        {
            if (values.IsTainted(ImportMapping.Category))
                return null;
            var text = values.Text(ImportMapping.Category);
            if (string.IsNullOrEmpty(text))
            {
                Refuse(ImportMapping.Category, "The category is required.", "Kategori saknas.");
                return null;
            }

            if (_categoryMapping.TryGetValue(text, out var mappedAsWritten))
            {
                var mapped = Codes.Canonical(mappedAsWritten);
                if (reference.Categories.Contains(mapped))
                    return mapped;
                Refuse(ImportMapping.Category, $"The category mapping sends '{Shown(text)}' to '{Shown(mapped)}', which is not a category code.",
                    $"Kategorimappningen gör ”{Shown(text)}” till ”{Shown(mapped)}”, som inte är en kategorikod.");
                return null;
            }

            if (reference.CategoryCodes.TryGetValue(text, out var code))
                return code;
            Refuse(ImportMapping.Category, $"Unknown category '{Shown(text)}': use a category's code or label, or map the value to a code in the category mapping.",
                $"Okänd kategori ”{Shown(text)}”: använd en kategoris kod eller namn, eller mappa värdet till en kod.");
            return null;
        }

        ReportKind? Kind()
        {
            var text = values.Text(ImportMapping.Kind);
            if (values.IsTainted(ImportMapping.Kind))
                return null;
            if (string.IsNullOrEmpty(text))
                return ReportKind.Occurred;
            if (ImportVocabulary.Kinds.TryGetValue(text, out var kind))
                return kind;
            Refuse(ImportMapping.Kind, $"Unknown kind '{Shown(text)}': use 'occurred' or 'risk' (Inträffat, Risk).",
                $"Okänd typ ”{Shown(text)}”: skriv Inträffat eller Risk.");
            return null;
        }

        string? FreeText(string field, int maxLength, bool required)
        {
            if (values.IsTainted(field))
                return null;
            var text = values.Text(field);
            if (string.IsNullOrEmpty(text))
            {
                if (required)
                    Refuse(field, "This text is required.", "Texten saknas.");
                return null;
            }

            if (text.Length > maxLength)
            {
                Refuse(field, $"The text is {text.Length} characters long; at most {maxLength} are allowed.",
                    $"Texten är {text.Length} tecken lång; högst {maxLength} tecken får plats.");
                return null;
            }

            if (text.Any(ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t')))
            {
                Refuse(field, "The text contains control characters.", "Texten innehåller styrtecken.");
                return null;
            }

            return text;
        }

        Resolution? ResolutionOf()
        {
            var text = values.Text(ImportMapping.Resolution);
            if (values.IsTainted(ImportMapping.Resolution) || string.IsNullOrEmpty(text))
                return null;
            if (!ImportVocabulary.Resolutions.TryGetValue(text, out var resolution))
            {
                Refuse(ImportMapping.Resolution, $"Unknown resolution '{Shown(text)}'.", $"Okänt utfall ”{Shown(text)}”.");
                return null;
            }

            if (resolution is Domain.Lifecycle.Resolution.Duplicate or Domain.Lifecycle.Resolution.Forwarded)
            {
                Refuse(ImportMapping.Resolution, $"The resolution '{Codes.Of(resolution)}' cannot be imported: it needs a link to another report. Use another resolution.",
                    "Utfallen dubblett och överlämnad kan inte importeras: de behöver en länk till en annan avvikelse. Välj ett annat utfall.");
                return null;
            }

            return resolution;
        }

        ReportStatus? StatusOf(bool looksClosed)
        {
            var text = values.Text(ImportMapping.Status);
            if (values.IsTainted(ImportMapping.Status))
                return null;
            if (string.IsNullOrEmpty(text))
                return looksClosed ? ReportStatus.Closed : ReportStatus.Received;
            if (!ImportVocabulary.Statuses.TryGetValue(text, out var status))
            {
                Refuse(ImportMapping.Status, $"Unknown status '{Shown(text)}': use received, in-triage, answered or closed (Mottagen, Under beredning, Besvarad, Avslutad).",
                    $"Okänd status ”{Shown(text)}”: skriv Mottagen, Under beredning, Besvarad eller Avslutad.");
                return null;
            }

            if (status is ReportStatus.NeedsInfo or ReportStatus.Referred)
            {
                Refuse(ImportMapping.Status, $"The status '{Codes.Of(status)}' cannot be imported: it waits for a reply that Lex Heller did not ask for. "
                    + "Import the report as in-triage and ask again in Lex Heller.",
                    "Statusen kan inte importeras: den väntar på ett svar som Lex Heller inte har bett om. Importera avvikelsen som Under beredning och fråga igen i Lex Heller.");
                return null;
            }

            return status;
        }

        ImportedAnswer? Answer(DateOnly? came, DateOnly? end)
        {
            var partyName = values.Text(ImportMapping.AnswerParty);
            var text = FreeText(ImportMapping.Answer, AnswerReferral.TextMaxLength, required: false);
            var partyGiven = !string.IsNullOrEmpty(partyName) || values.IsTainted(ImportMapping.AnswerParty);
            var textGiven = text is not null || values.Has(ImportMapping.Answer);
            if (!partyGiven && !textGiven)
            {
                if (values.Has(ImportMapping.AnsweredDate))
                    Refuse(ImportMapping.AnsweredDate, "An answer date is given without an answer.", "Ett svarsdatum är ifyllt utan något svar.");
                return null;
            }

            if (!partyGiven)
                Refuse(ImportMapping.AnswerParty, "An answer needs the party that gave it.", "Ett svar behöver den part som svarade.");
            if (!textGiven)
                Refuse(ImportMapping.Answer, "The party's answer is missing.", "Partens svar saknas.");
            var party = partyGiven ? Party(ImportMapping.AnswerParty, partyName, required: true) : null;
            var on = Date(ImportMapping.AnsweredDate, required: false) ?? end ?? came;
            if (on is { } answered && came is { } start && answered < start)
                Refuse(ImportMapping.AnsweredDate, "The party cannot have answered before the report came in.", "Parten kan inte ha svarat innan avvikelsen kom in.");
            return party is { } answering && text is not null && on is { } date ? new ImportedAnswer(answering.Id, text, date) : null;
        }
    }

    /// <summary>
    /// What makes a second import of the row add nothing: its own id when the register has one, else a hash of its
    /// content as mapped (field by field, dates as YYYY-MM-DD), so that the same row is the same key however the
    /// columns are ordered or the file saved.
    /// </summary>
    private static string KeyOf(RowValues values, string? externalId)
    {
        if (!string.IsNullOrEmpty(externalId))
            return $"id:{externalId}";

        var content = new StringBuilder();
        foreach (var field in ImportMapping.Fields.Where(field => field.Name != ImportMapping.ExternalId))
        {
            var cell = values.Cell(field.Name);
            var text = field.Name.EndsWith("Date", StringComparison.Ordinal) && ParseDate(cell) is { } date
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : cell.Text.Trim();
            content.Append(field.Name).Append('\u001f').Append(text).Append('\u001e');
        }

        return $"sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString())))}";
    }

    /// <summary>
    /// A date as a register holds it: a date cell; <c>YYYY-MM-DD</c> (Swedish and ISO), with or without a time after it;
    /// <c>YYYYMMDD</c>; or an Excel serial number (43528 is 2019-03-04). Day-month orders with slashes or dots
    /// (<c>4/3/2019</c>) are refused: Swedish, British and American Excel read them differently.
    /// </summary>
    internal static DateOnly? ParseDate(RegisterCell cell)
    {
        if (cell.Date is { } date)
            return DateOnly.FromDateTime(date);

        var text = cell.Text.Trim();
        if (IsoDate().Match(text) is { Success: true } iso
            && DateOnly.TryParseExact(iso.Groups["date"].Value, "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return parsed;
        if (text.Length == 8 && text.All(char.IsAsciiDigit)
            && DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var compact))
            return compact;
        if (ExcelSerial().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial)
            && serial is >= 1 and < 2958466)
            return DateOnly.FromDateTime(DateTime.FromOADate(serial));
        return null;
    }

    /// <summary>A value echoed in a reason: one line, at most 60 characters.</summary>
    private static string Shown(string text)
    {
        var line = new string([.. text.Select(ch => char.IsControl(ch) ? ' ' : ch)]).Trim();
        return line.Length <= 60 ? line : line[..57] + "…";
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{1,2}-\d{1,2})([ T]\d{1,2}[:.]\d{2}([:.]\d{2}(\.\d+)?)?)?$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^\d{1,7}([.,]\d+)?$")]
    private static partial Regex ExcelSerial();

    private sealed class RowValues(RegisterRow row, RegisterColumns columns, IReadOnlySet<int> tainted)
    {
        public RegisterCell Cell(string field) => columns.Indexes.TryGetValue(field, out var index) ? row[index] : RegisterCell.Empty;

        /// <summary>The field's text, trimmed; null when the column is missing or the cell empty.</summary>
        public string? Text(string field)
        {
            var text = Cell(field).Text.Trim();
            return text.Length == 0 ? null : text;
        }

        public bool Has(string field) => !Cell(field).IsEmpty && (Cell(field).Text.Trim().Length > 0 || Cell(field).Date is not null);

        /// <summary>Whether the field's cell held a personal identity number (refused already; not checked further).</summary>
        public bool IsTainted(string field) => columns.Indexes.TryGetValue(field, out var index) && tainted.Contains(index);
    }
}

/// <summary>The words a register may use for kinds, statuses and resolutions: our codes, the pages' Swedish, and common synonyms.</summary>
internal static class ImportVocabulary
{
    public static IReadOnlyDictionary<string, ReportKind> Kinds { get; } = Words(
        (ReportKind.Occurred, [Codes.Of(ReportKind.Occurred), Swedish.Kind(ReportKind.Occurred), "Inträffat", "Inträffad", "Händelse", "Avvikelse"]),
        (ReportKind.Risk, [Codes.Of(ReportKind.Risk), Swedish.Kind(ReportKind.Risk), "Risk", "Risk för avvikelse", "Nära ögat"]));

    public static IReadOnlyDictionary<string, ReportStatus> Statuses { get; } = Words(
        [.. Enum.GetValues<ReportStatus>().Select(status => (status, (string[])[Codes.Of(status), Swedish.Status(status), Swedish.StatusForStaff(status)]))],
        (ReportStatus.Received, ["Ny", "Inkommen"]),
        (ReportStatus.InTriage, ["Bereds", "Pågår", "Pågående", "Under utredning"]),
        (ReportStatus.Referred, ["Remitterad", "Skickad till part"]),
        (ReportStatus.Answered, ["Besvarad"]),
        (ReportStatus.Closed, ["Avslutat", "Stängd", "Klar", "Åtgärdad"]));

    public static IReadOnlyDictionary<string, Resolution> Resolutions { get; } = Words(
        [.. Enum.GetValues<Resolution>().Select(resolution => (resolution, (string[])[Codes.Of(resolution), Swedish.Resolution(resolution)]))],
        (Resolution.ResolvedLocally, ["Löst lokalt", "Löst"]),
        (Resolution.NotActionable, ["Ingen åtgärd"]),
        (Resolution.OutOfScope, ["Utanför uppdraget"]),
        (Resolution.StructuralFollowUp, ["Strukturell uppföljning"]),
        (Resolution.Duplicate, ["Dubblett"]),
        (Resolution.Forwarded, ["Överlämnad"]));

    private static Dictionary<string, T> Words<T>(params (T Value, string[] Words)[] groups) => Words(groups, []);

    private static Dictionary<string, T> Words<T>((T Value, string[] Words)[] groups, params (T Value, string[] Words)[] more)
    {
        var words = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var (value, list) in groups.Concat(more))
        {
            foreach (var word in list)
                words.TryAdd(word.Trim(), value);
        }

        return words;
    }
}
