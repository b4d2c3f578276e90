using System.ComponentModel;
using Dapper;
using LexHeller.Api.Data;
using LexHeller.Api.Infrastructure.Auth;
using LexHeller.Api.Infrastructure.Problems;
using LexHeller.Domain;
using LexHeller.Domain.Reports;
using LexHeller.Domain.Similarity;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LexHeller.Api.Features.Reports;

/// <summary>
/// Reports of the same association that may describe the same failure (<see cref="LikelyDuplicates"/>),
/// best first. Candidates are named, never shown: reading one still takes access to it.
/// </summary>
public static class GetSimilarReports
{
    public sealed record Query(Guid Id) : IQuery<Response>;

    [Description("Why a report was considered: its category is the same or a related one, and these involved party kinds are shared.")]
    public sealed record Reasons(CategoryMatch Category, IReadOnlyList<PartyKind> SharedPartyKinds);

    [Description("A report that may describe the same failure.")]
    public sealed record Candidate(
        Guid Id,
        string Reference,
        ReportStatus Status,
        DateOnly EventDate,
        DateTimeOffset CreatedAt,
        [property: Description("The confirmed category, else the suggested one.")] string Category,
        GetReport.QueueReference? Queue,
        [property: Description("How alike the texts (description and consequence) are: 0 nothing in common, 1 the same words.")] double Score,
        Reasons Reasons);

    public sealed record Response(
        Guid ReportId,
        [property: Description("Candidates were filed at most this many days before or after the report.")] int WindowDays,
        IReadOnlyList<Candidate> Candidates);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Report = "SELECT association_id, queue_id, created_at FROM reports WHERE id = @Id";

        // Every report of the association filed in the window (the report itself among them), with
        // the kinds of its involved parties; the domain decides which of them are candidates.
        private const string Window = """
            SELECT r.id, r.association_id, r.reference, r.status, r.event_date, r.created_at,
                   COALESCE(r.category, r.suggested_category) AS category, r.description, r.consequence,
                   r.queue_id, q.name AS queue_name
            FROM reports r
            LEFT JOIN queues q ON q.id = r.queue_id
            WHERE r.association_id = @AssociationId AND r.created_at >= @From AND r.created_at <= @To;

            SELECT DISTINCT ip.report_id, p.kind
            FROM reports r
            JOIN report_involved_parties ip ON ip.report_id = r.id
            JOIN parties p ON p.id = ip.party_id
            WHERE r.association_id = @AssociationId AND r.created_at >= @From AND r.created_at <= @To;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var connection = await session.ConnectionAsync(cancellationToken);
            var report = await connection.QuerySingleOrDefaultAsync<ReportRow>(new CommandDefinition(
                Report, new { query.Id }, session.Transaction, cancellationToken: cancellationToken))
                ?? throw new NotFoundException($"Report '{query.Id}'");
            await ReportAccess.EnsureCanReadAsync(session, callerContext.Caller, report.AssociationId, report.QueueId, cancellationToken);

            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Window, new
            {
                report.AssociationId,
                From = report.CreatedAt - LikelyDuplicates.Window,
                To = report.CreatedAt + LikelyDuplicates.Window,
            }, session.Transaction, cancellationToken: cancellationToken));
            var rows = (await results.ReadAsync<CandidateRow>()).ToDictionary(row => row.Id);
            var kinds = (await results.ReadAsync<KindRow>()).ToLookup(row => row.ReportId, row => Codes.Parse<PartyKind>(row.Kind));

            var compared = rows.Values.Select(row => new ComparedReport(
                row.Id, row.AssociationId, row.CreatedAt, row.Category, kinds[row.Id].ToHashSet(), $"{row.Description}\n{row.Consequence}")).ToList();
            var duplicates = LikelyDuplicates.Find(compared.Single(candidate => candidate.Id == query.Id), compared);

            return new Response(query.Id, (int)LikelyDuplicates.Window.TotalDays, [.. duplicates.Select(duplicate =>
            {
                var row = rows[duplicate.Id];
                return new Candidate(row.Id, row.Reference, Codes.Parse<ReportStatus>(row.Status), row.EventDate, row.CreatedAt, row.Category,
                    row.QueueId is { } queueId ? new GetReport.QueueReference(queueId, row.QueueName!) : null,
                    Math.Round(duplicate.Score, 3), new Reasons(duplicate.Category, duplicate.SharedPartyKinds));
            })]);
        }
    }

    public static async Task<Ok<Response>> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id), cancellationToken));

    private sealed class ReportRow
    {
        public Guid AssociationId { get; init; }
        public Guid? QueueId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }

    private sealed class CandidateRow
    {
        public Guid Id { get; init; }
        public Guid AssociationId { get; init; }
        public string Reference { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string Category { get; init; } = "";
        public string Description { get; init; } = "";
        public string Consequence { get; init; } = "";
        public Guid? QueueId { get; init; }
        public string? QueueName { get; init; }
    }

    private sealed class KindRow
    {
        public Guid ReportId { get; init; }
        public string Kind { get; init; } = "";
    }
}
