using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;
using LexHeller.Api.Data;
using LexHeller.Api.Features.Insight;
using LexHeller.Api.Features.Statistics;
using LexHeller.Api.Infrastructure;
using LexHeller.Api.Infrastructure.Auth;
using LexHeller.Domain.Insight;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LexHeller.Api.Features.Exports;

/// <summary>
/// One de-identified row per report of the filter, as CSV or JSON, streamed from a data reader to the
/// response: the memory used is the same for ten rows or a million. Left out on purpose: the reporter's
/// identity and contact, internal notes, messages, answers, and all free text (description,
/// consequence, actions, suggested improvement), because free text written about a failed collaboration
/// can name or describe a person however carefully it was written; the affected person's gender too,
/// which row by row could single someone out. Reports closed as duplicate or forwarded are left out, as
/// in the statistics, so an export's rows add up to the statistics' counts.
/// </summary>
public static class ExportReports
{
    /// <summary>The columns, in order: CSV header names and JSON property names, and their meaning for the OpenAPI description.</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> Columns =
    [
        ("reference", "the report's reference, LH-YYYY-NNNNN"),
        ("association", "the association's code"),
        ("area", "the area's code"),
        ("areaName", "the area's name"),
        ("eventDate", "when it happened, YYYY-MM-DD"),
        ("kind", "occurred or risk"),
        ("reporterPartyKind", "the party kind of the reporter's own organisation"),
        ("involvedPartyKinds", "the distinct party kinds involved; in CSV joined by commas (municipality,social-insurance), in JSON an array"),
        ("category", "the category in force (the triager's, else the reporter's suggestion), as a code"),
        ("categoryLabel", "its Swedish label"),
        ("status", "the report's status"),
        ("resolution", "the resolution when closed, else empty"),
        ("filedAt", "when it was filed, UTC (ISO 8601)"),
        ("firstReferredAt", "first referral to a party, UTC, or empty"),
        ("firstAnsweredAt", "first answer from a party, UTC, or empty"),
        ("closedAt", "closure, UTC, or empty (also when reopened)"),
        ("daysToReferral", "calendar days (Swedish time) from filing to the first referral"),
        ("daysToAnswer", "calendar days from filing to the first answer"),
        ("daysToClosure", "calendar days from filing to closure"),
    ];

    public sealed record Query(string? AssociationCode, string? AreaCode, DateOnly? From, DateOnly? To, string? Format, string? Delimiter)
        : IQuery<Export>, IExportRequest;

    /// <summary>One exported report: the JSON object, and the CSV row in the order of <see cref="Columns"/>.</summary>
    public sealed record ExportedReport(
        string Reference, string Association, string Area, string AreaName, DateOnly EventDate, string Kind,
        string ReporterPartyKind, IReadOnlyList<string> InvolvedPartyKinds, string Category, string CategoryLabel,
        string Status, string? Resolution, DateTimeOffset FiledAt, DateTimeOffset? FirstReferredAt, DateTimeOffset? FirstAnsweredAt,
        DateTimeOffset? ClosedAt, int? DaysToReferral, int? DaysToAnswer, int? DaysToClosure);

    /// <summary>The checked request and its rows, not yet read: they are read as they are written.</summary>
    public sealed record Export(FilterEcho Filter, ExportLayout Layout, IAsyncEnumerable<ExportedReport> Rows);

    public sealed class Validator(TimeProvider time) : ExportRequestValidator<Query>(time);

    // No join to associations: with the reports read first, SQLite follows ix_reports_statistics in date
    // order and sorts only within a day, so the first rows go out at once instead of after a full sort.
    public const string Rows = $"""
        SELECT r.reference, a.code AS area, a.name AS area_name, r.event_date, r.kind,
               p.kind AS reporter_party_kind, r.involved_party_kinds, r.effective_category AS category, c.label_sv AS category_label,
               r.status, r.resolution, r.created_at, r.first_referred_at, r.first_answered_at, r.closed_at
        FROM reports r
        JOIN areas a ON a.id = r.area_id
        JOIN parties p ON p.id = r.reporter_party_id
        JOIN categories c ON c.code = r.effective_category
        WHERE r.association_id = @AssociationId
          AND r.event_date >= @From AND r.event_date <= @To
          AND (@AreaId IS NULL OR r.area_id = @AreaId)
          AND {CountedReports.Condition}
        ORDER BY r.event_date, r.reference
        """;

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Export>
    {
        public async ValueTask<Export> Handle(Query query, CancellationToken cancellationToken)
        {
            var filter = await ResolvedFilter.ResolveAsync(session, callerContext.Caller, query, time, cancellationToken);
            return new Export(filter.Echo, ExportLayout.Of(query), ReadAsync(filter, CancellationToken.None));
        }

        private async IAsyncEnumerable<ExportedReport> ReadAsync(ResolvedFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var connection = await session.ConnectionAsync(cancellationToken);
            await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
                Rows, filter.Arguments, session.Transaction, cancellationToken: cancellationToken));
            var parse = reader.GetRowParser<Row>();
            while (await reader.ReadAsync(cancellationToken))
                yield return parse(reader).ToExported(filter.Scope.AssociationCode);
        }
    }

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
        }

        // Over the response's PipeWriter, so that the serializer's flushes only hand bytes to the pipe; sending them is awaited here.
        private async Task WriteJsonAsync(PipeWriter body, JsonSerializerOptions options, CancellationToken cancellationToken)
        {
            await using var json = new Utf8JsonWriter(body);
            var sent = 0L;
            json.WriteStartArray();
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
            json.Flush();
            await body.FlushAsync(cancellationToken);
        }

        private static IEnumerable<string?> Fields(ExportedReport row) =>
        [
            row.Reference, row.Association, row.Area, row.AreaName, ExportText.Date(row.EventDate), row.Kind, row.ReporterPartyKind,
            string.Join(PartyKindSet.Separator, row.InvolvedPartyKinds), row.Category, row.CategoryLabel, row.Status, row.Resolution,
            ExportText.Instant(row.FiledAt), ExportText.Instant(row.FirstReferredAt), ExportText.Instant(row.FirstAnsweredAt),
            ExportText.Instant(row.ClosedAt), ExportText.Integer(row.DaysToReferral), ExportText.Integer(row.DaysToAnswer), ExportText.Integer(row.DaysToClosure),
        ];
    }

    private sealed class Row
    {
        public string Reference { get; init; } = "";
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

        public ExportedReport ToExported(string association)
        {
            var filed = SwedishCalendar.DateOf(CreatedAt);
            int? DaysTo(DateTimeOffset? reached) => reached is { } at ? SwedishCalendar.DateOf(at).DayNumber - filed.DayNumber : null;
            return new ExportedReport(Reference, association, Area, AreaName, EventDate, Kind, ReporterPartyKind,
                InvolvedPartyKinds.Length == 0 ? [] : InvolvedPartyKinds.Split(PartyKindSet.Separator), Category, CategoryLabel, Status, Resolution,
                CreatedAt, FirstReferredAt, FirstAnsweredAt, ClosedAt, DaysTo(FirstReferredAt), DaysTo(FirstAnsweredAt), DaysTo(ClosedAt));
        }
    }
}
