using Dapper;
using LexHeller.Api.Data;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure.Problems;
using LexHeller.Domain;
using LexHeller.Domain.Reports;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LexHeller.Api.Features.Receipts;

/// <summary>
/// The reporter's view through the receipt token: reference, status and what happened, never the
/// reporter's contact, internal notes or who triaged.
/// </summary>
public static class GetReceipt
{
    public sealed record Query(string Token) : IQuery<Response>;

    public sealed record TimelineEntry(DateTimeOffset At, ReportStatus Status);

    public sealed record Response(
        string Reference,
        ReportStatus Status,
        string AssociationName,
        DateOnly EventDate,
        string CategoryLabel,
        DateTimeOffset SubmittedAt,
        DateTimeOffset UpdatedAt,
        IReadOnlyList<TimelineEntry> Timeline);

    public sealed class Handler(DbSession session) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT r.id, r.reference, r.status, s.name AS association_name, r.event_date,
                   COALESCE(c.label_sv, sc.label_sv) AS category_label, r.created_at, r.updated_at
            FROM receipts rc
            JOIN reports r ON r.id = rc.report_id
            JOIN associations s ON s.id = r.association_id
            JOIN categories sc ON sc.code = r.suggested_category
            LEFT JOIN categories c ON c.code = r.category
            WHERE rc.token_hash = @TokenHash;

            SELECT e.occurred_at, e.to_status
            FROM receipts rc
            JOIN report_events e ON e.report_id = rc.report_id
            WHERE rc.token_hash = @TokenHash AND e.to_status IS NOT NULL
            ORDER BY e.sequence;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            // A malformed token is as unknown as a wrong one: both are 404, so neither says more.
            if (!ReceiptTokens.IsWellFormed(query.Token))
                throw new NotFoundException("Receipt");

            var connection = await session.ConnectionAsync(cancellationToken);
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                Sql, new { TokenHash = ReceiptTokens.Hash(query.Token) }, session.Transaction, cancellationToken: cancellationToken));
            var row = await results.ReadSingleOrDefaultAsync<Row>() ?? throw new NotFoundException("Receipt");
            var timeline = await results.ReadAsync<TimelineRow>();

            return new Response(
                row.Reference, Codes.Parse<ReportStatus>(row.Status), row.AssociationName, row.EventDate, row.CategoryLabel,
                row.CreatedAt, row.UpdatedAt,
                [.. timeline.Select(entry => new TimelineEntry(entry.OccurredAt, Codes.Parse<ReportStatus>(entry.ToStatus)))]);
        }
    }

    public static async Task<Ok<Response>> Endpoint(string token, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(token), cancellationToken));

    private sealed class Row
    {
        public string Reference { get; init; } = "";
        public string Status { get; init; } = "";
        public string AssociationName { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public string CategoryLabel { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }

    private sealed class TimelineRow
    {
        public DateTimeOffset OccurredAt { get; init; }
        public string ToStatus { get; init; } = "";
    }
}

public static class ReceiptsEndpoints
{
    public static RouteGroupBuilder MapReceipts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/receipts").WithTags("Receipts").AllowAnonymous();

        group.MapGet("/{token}", GetReceipt.Endpoint)
            .WithName("GetReceipt")
            .WithSummary("The reporter's view of a report")
            .WithDescription("Anyone holding the receipt token: reference, status and timeline. Never shows the reporter's contact.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }
}
