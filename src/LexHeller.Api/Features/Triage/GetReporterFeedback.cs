using LexHeller.Api.Features.Receipts;
using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// The reporter's answer to "Ledde svaret till en förbättring?" for the report's current closure, for the steering
/// group's report page: a "no" is a contest shown beside the reopen action. Only for those who read the report in full (its triagers, the association's administrators).
/// Over the API the history carries the answer (reporter-feedback, reporter-contested), without the comment.
/// </summary>
public static class GetReporterFeedback
{
    public sealed record Query(Guid ReportId) : IQuery<Response>;

    /// <summary>Null when the reporter has not answered for this closure (or the report is not closed).</summary>
    public sealed record Response(GetReceipt.Feedback? Feedback);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT b.helped, b.comment, b.answered_at
            FROM reporter_feedback b
            JOIN reports r ON r.id = b.report_id AND r.closed_at = b.closed_at
            WHERE b.report_id = @Id AND r.status = 'closed'
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var report = await ReportTransitions.LoadAsync(session, query.ReportId, cancellationToken);
            await ReportAccess.EnsureCanReadAsync(session, callerContext.Caller, report.AssociationId, report.QueueId, cancellationToken);
            var row = await session.QuerySingleOrDefaultAsync<Row>(Sql, new { report.Id }, cancellationToken);
            return new Response(row is null ? null : new GetReceipt.Feedback(Codes.Parse<ReporterHelped>(row.Helped), row.Comment, row.AnsweredAt));
        }
    }

    private sealed class Row
    {
        public string Helped { get; init; } = "";
        public string? Comment { get; init; }
        public DateTimeOffset AnsweredAt { get; init; }
    }
}
