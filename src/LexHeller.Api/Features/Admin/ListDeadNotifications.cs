using LexHeller.Api.Features.Notifications;

namespace LexHeller.Api.Features.Admin;

/// <summary>
/// An association's dead letters: notifications that failed <c>Notifications:MaxAttempts</c> times and are
/// no longer tried. An administrator sees what failed, for which report and which kind of recipient, how
/// often and why, never the recipient's address (the error kept has addresses replaced) or the message's text.
/// </summary>
public static class ListDeadNotifications
{
    /// <summary>The most dead letters one answer lists, the latest first.</summary>
    public const int Limit = 500;

    public const string RecipientReporter = "reporter";
    public const string RecipientPartyContact = "party-contact";
    public const string RecipientSteeringGroupMember = "steering-group-member";

    public sealed record Query(string AssociationCode) : IQuery<Response>;

    public sealed record DeadNotification(
        Guid Id,
        [property: Description("What the message was about: information-request, referral, referral-to-reporter, reminder-before-due, reminder-after-due, answer, closure, pattern.")]
        string Kind,
        [property: Description("The report it concerns; none for a pattern.")] string? ReportReference,
        [property: Description("reporter, party-contact or steering-group-member. The address itself is not shown.")] string RecipientKind,
        string Subject,
        int Attempts,
        [property: Description("The last attempt's error, with any address replaced by <address>.")] string? LastError,
        DateTimeOffset CreatedAt,
        DateTimeOffset DeadAt);

    public sealed record Response(string AssociationCode, IReadOnlyList<DeadNotification> Notifications);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT id, kind, reference, recipient, subject, attempts, last_error, created_at, dead_at
            FROM (
                SELECT o.id, o.kind, r.reference, o.recipient, o.subject, o.attempts, o.last_error, o.created_at, o.dead_at,
                       ROW_NUMBER() OVER (ORDER BY o.dead_at DESC, o.id DESC) AS position
                FROM outbox_messages o
                LEFT JOIN reports r ON r.id = o.report_id
                WHERE o.association_id = @AssociationId AND o.dead_at IS NOT NULL
            ) dead
            WHERE position <= @Limit
            ORDER BY position
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);

            var rows = await session.QueryAsync<Row>(
                Sql, new { AssociationId = association.Id, Limit }, cancellationToken);
            return new Response(association.Code, [.. rows.Select(row => new DeadNotification(
                row.Id, row.Kind, row.Reference, RecipientKindOf(row), row.Subject, row.Attempts, row.LastError, row.CreatedAt, row.DeadAt))]);
        }

        private static string RecipientKindOf(Row row) =>
            row.Recipient == Outbox.ReporterRecipient ? RecipientReporter
            : row.Kind == Notifier.KindPattern || Notifier.IsGroupKind(row.Kind) ? RecipientSteeringGroupMember
            : RecipientPartyContact;
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapGet("/associations/{code}/notifications/dead", Endpoint)
            .WithName("ListDeadNotifications")
            .WithSummary("An association's dead notifications")
            .WithDescription($"Notifications that failed Notifications:MaxAttempts times (10 by default) and are no longer tried, the latest first "
                + $"(at most {Limit}): kind, report, kind of recipient, attempts, the last error and since when. "
                + "Never the recipient's address or the message's text.");

    public static async Task<Ok<Response>> Endpoint(string code, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(code), cancellationToken));

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string? Reference { get; init; }
        public string Recipient { get; init; } = "";
        public string Subject { get; init; } = "";
        public int Attempts { get; init; }
        public string? LastError { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset DeadAt { get; init; }
    }
}
