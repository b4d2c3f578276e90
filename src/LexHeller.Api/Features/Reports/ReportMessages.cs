namespace LexHeller.Api.Features.Reports;

/// <summary>
/// The conversation with the reporter, in order: the steering group's questions, the reporter's
/// replies and the closing word. Numbered per report, so the order never depends on the clock.
/// </summary>
public static class ReportMessages
{
    public const string Question = "question";
    public const string Reply = "reply";
    public const string Closure = "closure";

    private const string Insert = """
        INSERT INTO report_messages (id, report_id, sequence, kind, body, created_at)
        SELECT @Id, @ReportId, COALESCE(MAX(sequence), 0) + 1, @Kind, @Body, @Now
        FROM report_messages
        WHERE report_id = @ReportId
        """;

    public static async Task<Guid> AddAsync(DbSession session, Guid reportId, string kind, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(now);
        await session.ExecuteAsync(Insert, new { Id = id, ReportId = reportId, Kind = kind, Body = body, Now = now },
            cancellationToken);
        return id;
    }

    /// <summary>When the steering group last asked the reporter a question (what the silence before closing is counted from).</summary>
    public const string LastQuestion = "SELECT MAX(created_at) AS at FROM report_messages WHERE report_id = @Id AND kind = 'question'";

    public static async Task<DateTimeOffset?> LastQuestionAtAsync(DbSession session, Guid reportId, CancellationToken cancellationToken) =>
        (await session.QuerySingleAsync<LastQuestionRow>(LastQuestion, new { Id = reportId }, cancellationToken)).At;

    /// <summary>A row, not a scalar: the instant's type handler reads a value, and a report never asked has none.</summary>
    public sealed class LastQuestionRow
    {
        public DateTimeOffset? At { get; init; }
    }
}
