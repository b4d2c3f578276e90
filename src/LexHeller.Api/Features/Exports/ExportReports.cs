using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dapper;
using LexHeller.Api.Features.AggregateAccess;
using LexHeller.Api.Features.Statistics;
using LexHeller.Api.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LexHeller.Api.Features.Exports;

/// <summary>
/// One de-identified row per report of the filter, as CSV or JSON, k-anonymous over its quasi-identifiers, and
/// streamed. Left out on purpose: the report's reference (a unique, sequential key that links a row to the
/// report, its receipt and its history, and tells the order of filing), the reporter's identity and contact,
/// internal notes, messages, answers, all free text (which can name or describe a person however carefully it
/// was written) and the affected person's gender. Reports closed as duplicate or forwarded are left out, as in
/// the statistics.
/// <para>
/// The quasi-identifiers are what someone could know about a report from elsewhere: the association and area,
/// every date and time (event date, filed, first referred, first answered, closed, and the days between them),
/// the reporter's party kind, the involved party kinds, the category and the kind. Every row shares them with at
/// least k − 1 other rows of the file, k being the association's suppression threshold (<see cref="KAnonymity"/>):
/// dates and times are given to the day, month, quarter or year and the area kept or replaced by the whole
/// association, one level for the whole file, and rows still in a smaller class are left out; the file's last
/// row (CSV) or last member (JSON) says how many. Status and resolution are not quasi-identifiers (nobody outside
/// knows them) and are kept as they are.
/// </para>
/// <para>
/// That takes two readings of the reports. The first counts the classes of equal quasi-identifiers at day and
/// area precision (one dictionary entry per distinct combination, not per row) and chooses the level from them;
/// the second streams the rows, generalised, from the data reader to the response, ordered by the generalised
/// event date and then at random (the random last part of the report's id), so that the order of the rows does
/// not give back the dates the file no longer shows. A report filed between the two readings is left out (and
/// counted as such); one that changed is counted as it was at the first.
/// </para>
/// </summary>
public static class ExportReports
{
    /// <summary>The columns, in order: CSV header names and JSON property names, and their meaning for the OpenAPI description.</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> Columns =
    [
        ("association", "the association's code"),
        ("area", "the area's code; empty when the file gives only the whole association"),
        ("areaName", "the area's name; empty likewise"),
        ("eventDate", "when it happened: YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY, as the file's precision"),
        ("kind", "occurred or risk"),
        ("reporterPartyKind", "the party kind of the reporter's own organisation"),
        ("involvedPartyKinds", "the distinct party kinds involved; in CSV joined by commas (municipality,social-insurance), in JSON an array"),
        ("category", "the category in force (the triager's, else the reporter's suggestion), as a code"),
        ("categoryLabel", "its Swedish label"),
        ("status", "the report's status"),
        ("resolution", "the resolution when closed, else empty"),
        ("filedAt", "when it was filed (Swedish calendar), at the file's precision"),
        ("firstReferredAt", "first referral to a party, likewise, or empty"),
        ("firstAnsweredAt", "first answer from a party, likewise, or empty"),
        ("closedAt", "closure, likewise, or empty (also when reopened)"),
        ("daysToReferral", "calendar days (Swedish time) from filing to the first referral: exact at day precision, else a band (0-29, 0-89, 0-364)"),
        ("daysToAnswer", "calendar days from filing to the first answer, likewise"),
        ("daysToClosure", "calendar days from filing to closure, likewise"),
    ];

    /// <summary>The first field of the CSV's last row, whose second field is the number of reports left out.</summary>
    public const string WithheldRow = "withheld";

    public sealed record Query(string? AssociationCode, string? AreaCode, DateOnly? From, DateOnly? To, string? Format, string? Delimiter)
        : IQuery<Export>, IExportRequest;

    /// <summary>One exported report: the JSON object, and the CSV row in the order of <see cref="Columns"/>.</summary>
    public sealed record ExportedReport(
        string Association, string? Area, string? AreaName, string EventDate, string Kind,
        string ReporterPartyKind, IReadOnlyList<string> InvolvedPartyKinds, string Category, string CategoryLabel,
        string Status, string? Resolution, string FiledAt, string? FirstReferredAt, string? FirstAnsweredAt,
        string? ClosedAt, string? DaysToReferral, string? DaysToAnswer, string? DaysToClosure);

    /// <summary>
    /// The JSON file: the association, <c>k</c> (every row shares its quasi-identifiers with at least k − 1 others),
    /// the precision of the dates (<c>day</c>, <c>month</c>, <c>quarter</c>, <c>year</c>) and of the place
    /// (<c>area</c> or <c>association</c>), the reports, and last how many were <c>withheld</c> (left out).
    /// </summary>
    public sealed record ReportsFile(string Association, int K, string Dates, string Place, IReadOnlyList<ExportedReport> Reports, int Withheld);

    /// <summary>The checked request, the level chosen, and its rows, not yet read: they are read as they are written.</summary>
    public sealed record Export(FilterEcho Filter, ExportLayout Layout, int K, Generalisation Level, IAsyncEnumerable<ExportedReport> Rows, Tally Tally);

    /// <summary>How many reports the second reading left out: known once the rows have been written.</summary>
    public sealed class Tally
    {
        public int Withheld { get; set; }
    }

    public sealed class Validator(TimeProvider time) : ExportRequestValidator<Query>(time);

    // No join to associations: with the reports read first, SQLite follows ix_reports_statistics in date order.
    private const string Selected = $"""
        SELECT a.code AS area, a.name AS area_name, r.event_date, r.kind,
               p.kind AS reporter_party_kind, r.involved_party_kinds, r.effective_category AS category, c.label_sv AS category_label,
               r.status, r.resolution, r.created_at, r.first_referred_at, r.first_answered_at, r.closed_at
        FROM reports r
        JOIN areas a ON a.id = r.area_id
        JOIN parties p ON p.id = r.reporter_party_id
        JOIN categories c ON c.code = r.effective_category
        WHERE {ResolvedFilter.Condition}
        """;

    // The last twelve hex digits of a report's id are random (a version-7 GUID's rand_b): within a period the rows come in no telling order.
    private const string Shuffled = "SUBSTRING(CAST(r.id AS VARCHAR(36)), 25, 12)";

    /// <summary>The first reading: every row, in any order.</summary>
    public const string Rows = Selected;

    public const string RowsByDay = $"{Selected} ORDER BY r.event_date, {Shuffled}";
    public const string RowsByMonth = $"{Selected} ORDER BY r.event_month, {Shuffled}";
    public const string RowsByQuarter = $"{Selected} ORDER BY r.event_month / 100, (r.event_month % 100 + 2) / 3, {Shuffled}";
    public const string RowsByYear = $"{Selected} ORDER BY r.event_month / 100, {Shuffled}";

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Export>
    {
        public async ValueTask<Export> Handle(Query query, CancellationToken cancellationToken)
        {
            var filter = await ResolvedFilter.ResolveAsync(session, callerContext.Caller, query, time, cancellationToken);
            var k = filter.Threshold;
            var association = filter.Scope.AssociationCode;

            // First reading: the classes at the finest level, one entry per distinct combination.
            var finest = new Dictionary<Identifiers, int>();
            var pool = new Dictionary<string, string>(StringComparer.Ordinal);
            await using (var reader = await session.QueryReaderAsync(
                             Rows, filter.Arguments, cancellationToken))
            {
                var parse = reader.GetRowParser<Row>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = parse(reader).Identifiers(pool);
                    finest[key] = finest.GetValueOrDefault(key) + 1;
                }
            }

            // The classes of one level at a time, keyed by numbers (periods and bands), not by the texts the file shows:
            // at a million reports the finest levels have about as many classes as reports.
            Dictionary<ClassKey, int> Classes(Generalisation level)
            {
                var classes = new Dictionary<ClassKey, int>();
                foreach (var (identifiers, count) in finest)
                    CollectionsMarshal.GetValueRefOrAddDefault(classes, identifiers.ClassAt(level), out _) += count;
                return classes;
            }

            var (level, _) = KAnonymity.Choose(level => Classes(level).Values, k);
            var classes = Classes(level);
            var tally = new Tally();
            return new Export(filter.Echo, ExportLayout.Of(query), k, level, ReadAsync(filter, level, classes, tally, CancellationToken.None), tally);
        }

        /// <summary>The second reading: the rows generalised, those of a class smaller than k left out and counted.</summary>
        private async IAsyncEnumerable<ExportedReport> ReadAsync(ResolvedFilter filter, Generalisation level, Dictionary<ClassKey, int> classes,
            Tally tally, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var sql = level.Dates switch
            {
                DatePrecision.Day => RowsByDay,
                DatePrecision.Month => RowsByMonth,
                DatePrecision.Quarter => RowsByQuarter,
                _ => RowsByYear,
            };
            var association = filter.Scope.AssociationCode;
            var pool = new Dictionary<string, string>(StringComparer.Ordinal);
            var k = filter.Threshold;
            await using var reader = await session.QueryReaderAsync(
                sql, filter.Arguments, cancellationToken);
            var parse = reader.GetRowParser<Row>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = parse(reader);
                var identifiers = row.Identifiers(pool);
                if (classes.GetValueOrDefault(identifiers.ClassAt(level)) < k)
                {
                    tally.Withheld++;
                    continue;
                }

                yield return row.ToExported(identifiers.At(level, association), level);
            }
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder exports) =>
        exports.MapGet("/reports", Endpoint)
            .WithName("ExportReports")
            .WithSummary("One de-identified row per report, k-anonymous, streamed, as CSV or JSON")
            .WithDescription("k-anonymous with k = the association's suppression threshold: every row shares its quasi-identifiers (association, "
                + "area, every date and time and the days between them, reporter party kind, involved party kinds, category, kind) with at least "
                + "k − 1 other rows. Dates and times are given to the day, month, quarter or year, and the area kept or replaced by the whole "
                + "association, one level for the whole file (the finest that leaves out at most 5 % of the reports, else the one leaving out "
                + "fewest); reports that still cannot share their row with k − 1 others are left out. CSV: the last row is not a report: its first "
                + "field is withheld and its second the number left out. JSON: an object with association, k, dates (day, month, quarter, year), "
                + "place (area or association), reports (an array of objects) and, last, withheld. Rows come ordered by the (generalised) event "
                + "date, and within it in no telling order. Streamed row by row (no Content-Length), after a first reading that counts the classes. "
                + "Never the report's reference, the reporter's identity or contact, internal notes, messages, answers or any free text, which can "
                + "name a person. " + ExportsEndpoints.Common + "Columns, in order: "
                + string.Join("; ", Columns.Select(column => $"{column.Name}: {column.Meaning}")) + ".")
            .Produces<ReportsFile>(StatusCodes.Status200OK, "application/json", "text/csv");

    public static async Task<IResult> Endpoint(string? associationCode, string? areaCode, DateOnly? from, DateOnly? to, string? format,
        string? delimiter, IMediator mediator, CancellationToken cancellationToken) =>
        new Streamed(await mediator.Send(new Query(associationCode, areaCode, from, to, format, delimiter), cancellationToken));

    /// <summary>Writes the rows as they are read; flushes every few kilobytes, so the client gets them as they come.</summary>
    private sealed class Streamed(Export export) : IResult
    {
        private const int FlushAfterBytes = 32 * 1024;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var cancellationToken = httpContext.RequestAborted;
            response.ContentType = export.Layout.ContentType;
            response.Headers.ContentDisposition = export.Layout.ContentDisposition("reports", export.Filter);
            if (export.Layout.Format == ExportFormat.Csv)
                await WriteCsvAsync(response.Body, cancellationToken);
            else
                await WriteJsonAsync(response.BodyWriter, httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions, cancellationToken);
        }

        private async Task WriteCsvAsync(Stream body, CancellationToken cancellationToken)
        {
            await using var csv = new CsvWriter(body, export.Layout.DelimiterCharacter);
            await csv.WriteByteOrderMarkAsync(cancellationToken);
            await csv.WriteRowAsync(Columns.Select(column => column.Name), cancellationToken);
            await foreach (var row in export.Rows.WithCancellation(cancellationToken))
                await csv.WriteRowAsync(Fields(row), cancellationToken);
            // Not a report: as many fields as a report's row, so that the file stays a table.
            await csv.WriteRowAsync([WithheldRow, ExportText.Integer(export.Tally.Withheld), .. Columns.Skip(2).Select(_ => "")], cancellationToken);
        }

        // Over the response's PipeWriter, so that the serializer's flushes only hand bytes to the pipe; sending them is awaited here.
        private async Task WriteJsonAsync(PipeWriter body, JsonSerializerOptions options, CancellationToken cancellationToken)
        {
            await using var json = new Utf8JsonWriter(body);
            var sent = 0L;
            string Name(string property) => options.PropertyNamingPolicy?.ConvertName(property) ?? property;
            json.WriteStartObject();
            json.WriteString(Name(nameof(ReportsFile.Association)), export.Filter.AssociationCode);
            json.WriteNumber(Name(nameof(ReportsFile.K)), export.K);
            json.WriteString(Name(nameof(ReportsFile.Dates)), Codes.Of(export.Level.Dates));
            json.WriteString(Name(nameof(ReportsFile.Place)), export.Level.WholeAssociation ? "association" : "area");
            json.WriteStartArray(Name(nameof(ReportsFile.Reports)));
            await foreach (var row in export.Rows.WithCancellation(cancellationToken))
            {
                JsonSerializer.Serialize(json, row, options);
                if (json.BytesCommitted - sent > FlushAfterBytes)
                {
                    await body.FlushAsync(cancellationToken);
                    sent = json.BytesCommitted;
                }
            }

            json.WriteEndArray();
            json.WriteNumber(Name(nameof(ReportsFile.Withheld)), export.Tally.Withheld);
            json.WriteEndObject();
            json.Flush();
            await body.FlushAsync(cancellationToken);
        }

        private static IEnumerable<string?> Fields(ExportedReport row) =>
        [
            row.Association, row.Area, row.AreaName, row.EventDate, row.Kind, row.ReporterPartyKind,
            string.Join(PartyKindSet.Separator, row.InvolvedPartyKinds), row.Category, row.CategoryLabel, row.Status, row.Resolution,
            row.FiledAt, row.FirstReferredAt, row.FirstAnsweredAt, row.ClosedAt, row.DaysToReferral, row.DaysToAnswer, row.DaysToClosure,
        ];
    }

    /// <summary>A report's quasi-identifiers at day and area precision: the key of the first reading's classes.</summary>
    private readonly record struct Identifiers(
        string Area, DateOnly EventDate, string Kind, string ReporterPartyKind, string InvolvedPartyKinds, string Category,
        DateOnly Filed, DateOnly? Referred, DateOnly? Answered, DateOnly? Closed)
    {
        public ClassKey ClassAt(Generalisation level)
        {
            var filed = Filed.DayNumber;
            int? DaysTo(DateOnly? reached) => reached is { } at ? at.DayNumber - filed : null;
            return new ClassKey(level.WholeAssociation ? null : Area, level.Period(EventDate), Kind, ReporterPartyKind, InvolvedPartyKinds, Category,
                level.Period(Filed), level.Period(Referred), level.Period(Answered), level.Period(Closed),
                level.BandStart(DaysTo(Referred)), level.BandStart(DaysTo(Answered)), level.BandStart(DaysTo(Closed)));
        }

        public Generalised At(Generalisation level, string association)
        {
            var filed = Filed.DayNumber;
            int? DaysTo(DateOnly? reached) => reached is { } at ? at.DayNumber - filed : null;
            return new Generalised(association, level.WholeAssociation ? null : Area, level.Date(EventDate), Kind, ReporterPartyKind, InvolvedPartyKinds,
                Category, level.Date(Filed), level.Date(Referred), level.Date(Answered), level.Date(Closed),
                level.Days(DaysTo(Referred)), level.Days(DaysTo(Answered)), level.Days(DaysTo(Closed)));
        }
    }

    /// <summary>
    /// A report's class at one level: its quasi-identifiers with the dates as periods and the days as bands, equal exactly
    /// when the texts of <see cref="Generalised"/> are (the association is the file's own; the area is null for the whole association).
    /// </summary>
    private readonly record struct ClassKey(
        string? Area, int EventDate, string Kind, string ReporterPartyKind, string InvolvedPartyKinds, string Category,
        int Filed, int? Referred, int? Answered, int? Closed, int? DaysToReferral, int? DaysToAnswer, int? DaysToClosure);

    /// <summary>A report's quasi-identifiers as the file gives them: rows with equal ones form a class.</summary>
    private readonly record struct Generalised(
        string Association, string? Area, string EventDate, string Kind, string ReporterPartyKind, string InvolvedPartyKinds, string Category,
        string Filed, string? Referred, string? Answered, string? Closed, string? DaysToReferral, string? DaysToAnswer, string? DaysToClosure);

    private sealed class Row
    {
        public string Area { get; init; } = "";
        public string AreaName { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public string Kind { get; init; } = "";
        public string ReporterPartyKind { get; init; } = "";
        public string InvolvedPartyKinds { get; init; } = "";
        public string Category { get; init; } = "";
        public string CategoryLabel { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Resolution { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? FirstReferredAt { get; init; }
        public DateTimeOffset? FirstAnsweredAt { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }

        /// <summary>The identifiers, their few distinct texts shared through <paramref name="pool"/> so that the classes hold each once.</summary>
        public Identifiers Identifiers(Dictionary<string, string> pool)
        {
            string Shared(string text) => pool.TryGetValue(text, out var shared) ? shared : pool[text] = text;
            static DateOnly? DateOf(DateTimeOffset? at) => at is { } instant ? SwedishCalendar.DateOf(instant) : null;
            return new Identifiers(Shared(Area), EventDate, Shared(Kind), Shared(ReporterPartyKind), Shared(InvolvedPartyKinds), Shared(Category),
                SwedishCalendar.DateOf(CreatedAt), DateOf(FirstReferredAt), DateOf(FirstAnsweredAt), DateOf(ClosedAt));
        }

        public ExportedReport ToExported(Generalised generalised, Generalisation level) => new(
            generalised.Association, generalised.Area, level.WholeAssociation ? null : AreaName, generalised.EventDate, Kind, ReporterPartyKind,
            InvolvedPartyKinds.Length == 0 ? [] : InvolvedPartyKinds.Split(PartyKindSet.Separator), Category, CategoryLabel, Status, Resolution,
            generalised.Filed, generalised.Referred, generalised.Answered, generalised.Closed,
            generalised.DaysToReferral, generalised.DaysToAnswer, generalised.DaysToClosure);
    }
}
