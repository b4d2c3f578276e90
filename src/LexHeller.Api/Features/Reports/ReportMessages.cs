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
}
