using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// The duplicate picker's search: other reports of the report's association, by reference or by words of their
/// texts, among the reports the caller may triage (a duplicate's survivor gets an event, so closing as a duplicate
/// takes triaging it: <see cref="CloseReport"/>). A reference is found at any age (a seek on the association's
/// unique reference); words and parts of a reference among the reports filed within a year of this one, newest first.
/// </summary>
public static class FindDuplicateCandidates
{
    public const int TextMaxLength = 100;
    public const int MaxWords = 5;
    public const int MaxResults = 20;
    public static readonly TimeSpan Window = TimeSpan.FromDays(365);

    /// <param name="ReportId">The report to be closed as a duplicate.</param>
    /// <param name="Q">The search: a reference, or words. Guarded like any free text, so a personal number typed here is refused, not searched for.</param>
    public sealed record Query(Guid ReportId, string? Q) : IQuery<Response>, IHaveFreeText
    {
        public IEnumerable<(string Field, string? Text)> FreeText() => [("q", Q)];
    }

    [Description("A report that may be the one this report duplicates.")]
    public sealed record Candidate(Guid Id, string Reference, ReportStatus Status, DateOnly EventDate, DateTimeOffset CreatedAt,
        [property: Description("The confirmed category, else the suggested one.")] string Category, GetReport.QueueReference? Queue);

    public sealed record Response(Guid ReportId, string Text, IReadOnlyList<Candidate> Candidates);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).NotEmpty().MaximumLength(TextMaxLength).NoControlCharacters();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Search = """
            SELECT r.id, r.reference, r.status, r.event_date, r.created_at, r.effective_category AS category, r.queue_id, q.name AS queue_name
            FROM reports r
            LEFT JOIN queues q ON q.id = r.queue_id
            WHERE r.association_id = @AssociationId AND r.id <> @Id
              AND (r.queue_id IN (SELECT mq.id FROM queues mq
                                  JOIN steering_group_members m ON m.steering_group_id = mq.steering_group_id
                                  WHERE mq.association_id = @AssociationId AND m.user_key = @UserKey)
                   OR (@Unqueued = 1 AND r.queue_id IS NULL))
              AND (r.reference = @Reference
                   OR (r.created_at >= @From AND r.created_at <= @To
                       AND (r.reference LIKE @ReferencePart ESCAPE '\'
                            OR ((r.description LIKE @Word0 ESCAPE '\' OR r.consequence LIKE @Word0 ESCAPE '\')
                                AND (@Word1 IS NULL OR r.description LIKE @Word1 ESCAPE '\' OR r.consequence LIKE @Word1 ESCAPE '\')
                                AND (@Word2 IS NULL OR r.description LIKE @Word2 ESCAPE '\' OR r.consequence LIKE @Word2 ESCAPE '\')
                                AND (@Word3 IS NULL OR r.description LIKE @Word3 ESCAPE '\' OR r.consequence LIKE @Word3 ESCAPE '\')
                                AND (@Word4 IS NULL OR r.description LIKE @Word4 ESCAPE '\' OR r.consequence LIKE @Word4 ESCAPE '\')))))
            ORDER BY r.created_at DESC, r.id DESC
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var report = await ReportTransitions.LoadAsync(session, query.ReportId, cancellationToken);
            await ReportAccess.EnsureCanReadAsync(session, caller, report.AssociationId, report.QueueId, cancellationToken);
            var text = query.Q!.Trim();
            var access = await ReportAccess.TriageableAsync(session, caller, report.AssociationId, cancellationToken);
            if (access.Queues.Count == 0 && !access.Unqueued)
                return new Response(report.Id, text, []);

            var createdAt = await session.QuerySingleAsync<DateTimeOffset>("SELECT created_at FROM reports WHERE id = @Id", new { report.Id }, cancellationToken);
            var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(MaxWords).Select(Contains).ToList();
            var rows = await session.QueryAsync<Row>($"{Search} {session.Dialect.TakeRows}", new
            {
                report.Id,
                report.AssociationId,
                caller.UserKey,
                Unqueued = access.Unqueued ? 1 : 0,
                Reference = text.ToUpperInvariant(),
                ReferencePart = Contains(text),
                From = createdAt - Window,
                To = createdAt + Window,
                Word0 = words[0],
                Word1 = words.ElementAtOrDefault(1),
                Word2 = words.ElementAtOrDefault(2),
                Word3 = words.ElementAtOrDefault(3),
                Word4 = words.ElementAtOrDefault(4),
                Take = MaxResults,
            }, cancellationToken);
            // The SQL reads the caller's queues as ReportAccess does; the rule itself decides what is named.
            return new Response(report.Id, text, [.. rows.Where(row => access.Covers(row.QueueId)).Select(row => new Candidate(
                row.Id, row.Reference, Codes.Parse<ReportStatus>(row.Status), row.EventDate, row.CreatedAt, row.Category,
                row.QueueId is { } queueId ? new GetReport.QueueReference(queueId, row.QueueName!) : null))]);
        }

        /// <summary>A LIKE pattern for text anywhere, its wildcards taken literally.</summary>
        private static string Contains(string text) =>
            "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
                .Replace("_", @"\_", StringComparison.Ordinal).Replace("[", @"\[", StringComparison.Ordinal) + "%";
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapGet("/duplicate-candidates", Endpoint)
            .WithName("FindDuplicateCandidates")
            .WithSummary("Search the association's reports a report may duplicate, by reference or words")
            .WithDescription("For those who may read the report. Lists other reports of its association that the caller may triage (only those "
                + "can be named as a duplicate's survivor): the report with exactly that reference at any age, and the reports filed within a year "
                + $"of this one whose reference contains the text or whose description or consequence contains every word (at most {MaxWords}), "
                + $"newest first, at most {MaxResults}.");

    public static async Task<Ok<Response>> Endpoint(Guid id, [FromQuery(Name = "q")] string? q, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id, q), cancellationToken));

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string Category { get; init; } = "";
        public Guid? QueueId { get; init; }
        public string? QueueName { get; init; }
    }
}
