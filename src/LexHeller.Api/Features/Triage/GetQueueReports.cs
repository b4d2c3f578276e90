using System.Text;
using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// A queue's reports, newest first, keyset-paged: the cursor is the last row's (created_at, id), so
/// a page costs the same however deep it is. Filters: status and overdue.
/// </summary>
public static class GetQueueReports
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 100;

    public sealed record Query(Guid QueueId, string? Status, bool? Overdue, string? Cursor, int? Limit) : IQuery<Response>, IHaveCodes
    {
        public object WithCanonicalCodes() => this with { Status = Codes.Canonical(Status) };
    }

    public sealed record Item(
        Guid Id,
        string Reference,
        ReportStatus Status,
        DateOnly EventDate,
        string Area,
        string Category,
        DateTimeOffset CreatedAt,
        int OpenReferrals,
        int OverdueReferrals,
        DateOnly? NextDue);

    public sealed record Response(IReadOnlyList<Item> Items, string? NextCursor);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(status => status is null || Codes.TryParse<ReportStatus>(status, out _))
                .WithMessage($"Status must be one of: {string.Join(", ", Codes.All<ReportStatus>())}.");
            RuleFor(q => q.Limit).InclusiveBetween(1, MaxLimit);
            RuleFor(q => q.Cursor).Must(cursor => cursor is null || Keyset.TryParse(cursor, out _))
                .WithMessage("The cursor is not one this service gave out.");
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        private const string Queue = """
            SELECT CASE WHEN EXISTS (
                SELECT 1 FROM queues q JOIN steering_group_members m ON m.steering_group_id = q.steering_group_id
                WHERE q.id = @QueueId AND m.user_key = @UserKey) THEN 1 ELSE 0 END AS is_member,
                (SELECT COUNT(*) FROM queues WHERE id = @QueueId) AS queue_exists
            """;

        // Two statements rather than optional filters written as (@Status IS NULL OR r.status = @Status):
        // SQLite plans a statement before it knows which parameters are null, and a term ORed with a
        // parameter cannot seek. So the status filter has a statement of its own, which seeks in
        // ix_reports_queue_status_created, and the cursor is always a range on created_at (the end of
        // time for the first page), which both statements seek to, so that a deep page costs what the
        // first one does (issue 8: before, a page 900,000 rows in read 900,000 index entries).
        private const string Columns = """
            SELECT r.id, r.reference, r.status, r.event_date, a.name AS area, c.label_sv AS category, r.created_at,
                   (SELECT COUNT(*) FROM referrals f WHERE f.report_id = r.id AND f.status = 'open') AS open_referrals,
                   (SELECT COUNT(*) FROM referrals f WHERE f.report_id = r.id AND f.status = 'open' AND f.due_on < @Today) AS overdue_referrals,
                   (SELECT MIN(f.due_on) FROM referrals f WHERE f.report_id = r.id AND f.status = 'open') AS next_due
            FROM reports r
            JOIN areas a ON a.id = r.area_id
            JOIN categories c ON c.code = COALESCE(r.category, r.suggested_category)
            """;

        private const string FiltersAndOrder = """
              AND (@Overdue = 0 OR EXISTS (SELECT 1 FROM referrals f WHERE f.report_id = r.id AND f.status = 'open' AND f.due_on < @Today))
              AND r.created_at <= @BeforeCreatedAt
              AND (r.created_at < @BeforeCreatedAt OR r.id < @BeforeId)
            ORDER BY r.created_at DESC, r.id DESC
            """;

        private const string Page = $"""
            {Columns}
            WHERE r.queue_id = @QueueId
            {FiltersAndOrder}
            """;

        private const string PageWithStatus = $"""
            {Columns}
            WHERE r.queue_id = @QueueId AND r.status = @Status
            {FiltersAndOrder}
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var access = await session.QuerySingleAsync<AccessRow>(
                Queue, new { query.QueueId, caller.UserKey }, cancellationToken);
            if (access.QueueExists == 0)
                throw new NotFoundException($"Queue '{query.QueueId}'");
            if (!access.IsMember)
                throw new ForbiddenException("Only members of the steering group that owns this queue may list it.");

            var limit = query.Limit ?? DefaultLimit;
            Keyset? after = query.Cursor is null ? null : Keyset.TryParse(query.Cursor, out var parsed) ? parsed : null;
            var sql = query.Status is null ? Page : PageWithStatus;
            var rows = (await session.QueryAsync<Row>($"{sql} {session.Dialect.TakeRows}", new
            {
                query.QueueId,
                query.Status,
                Overdue = query.Overdue == true ? 1 : 0,
                Today = SwedishCalendar.Today(time),
                // No cursor: every report was filed before the end of time.
                BeforeCreatedAt = after?.CreatedAt ?? DateTimeOffset.MaxValue,
                BeforeId = after?.Id ?? Guid.Empty,
                Take = limit + 1,
            }, cancellationToken)).ToList();

            var page = rows.Take(limit).ToList();
            var next = rows.Count > limit ? new Keyset(page[^1].CreatedAt, page[^1].Id).ToString() : null;
            return new Response([.. page.Select(row => new Item(row.Id, row.Reference, Codes.Parse<ReportStatus>(row.Status), row.EventDate,
                row.Area, row.Category, row.CreatedAt, row.OpenReferrals, row.OverdueReferrals, row.NextDue))], next);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder queues) =>
        queues.MapGet("/{id:guid}/reports", Endpoint)
            .WithName("GetQueueReports")
            .WithSummary("A queue's reports, newest first, keyset-paged")
            .WithDescription("Filters: status (a report status code), overdue=true. Pass nextCursor back as cursor for the next page; limit 1–100.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Ok<Response>> Endpoint(Guid id, string? status, bool? overdue, string? cursor, int? limit,
        IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id, status, overdue, cursor, limit), cancellationToken));

    /// <summary>The position after which the next page starts, opaque to clients (base64url of ticks and id).</summary>
    public sealed record Keyset(DateTimeOffset CreatedAt, Guid Id)
    {
        public override string ToString() =>
            Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.UtcTicks}:{Id:N}")))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryParse(string text, out Keyset? keyset)
        {
            keyset = null;
            try
            {
                var base64 = text.Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
                var parts = Encoding.ASCII.GetString(Convert.FromBase64String(base64)).Split(':');
                if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                    || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParseExact(parts[1], "N", out var id))
                    return false;
                keyset = new Keyset(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }

    private sealed class AccessRow
    {
        public bool IsMember { get; init; }
        public int QueueExists { get; init; }
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public string Area { get; init; } = "";
        public string Category { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public int OpenReferrals { get; init; }
        public int OverdueReferrals { get; init; }
        public DateOnly? NextDue { get; init; }
    }
}
