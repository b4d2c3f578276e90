using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Receipts;

/// <summary>
/// The reporter's view through the receipt token: reference, status and what happened, never the
/// reporter's contact, internal notes or who triaged.
/// </summary>
public static class GetReceipt
{
    public sealed record Query(string Token) : IQuery<Response>;

    public sealed record TimelineEntry(DateTimeOffset At, ReportStatus Status);

    /// <summary>A question from the steering group, the reporter's reply, or the closing word.</summary>
    public sealed record Message(string Kind, string Text, DateTimeOffset At);

    /// <summary>A party's answer as the reporter sees it: the party and the responder's role, not the responder's name.</summary>
    public sealed record PartyAnswer(string Party, string Cause, string Actions, string FollowUpPlan, string ResponderRole, DateTimeOffset AnsweredAt);

    public sealed record Forwarding(string AssociationName, string Reference);

    /// <summary>A party the report was sent to and how its referral stands: open, answered, withdrawn, declined or unanswered.</summary>
    public sealed record ReferralState(string Party, string Status);

    public sealed record Response(
        string Reference,
        ReportStatus Status,
        Resolution? Resolution,
        string AssociationName,
        DateOnly EventDate,
        string CategoryLabel,
        DateTimeOffset SubmittedAt,
        DateTimeOffset UpdatedAt,
        bool AwaitingReply,
        IReadOnlyList<TimelineEntry> Timeline,
        IReadOnlyList<Message> Messages,
        IReadOnlyList<string> ReferredTo,
        IReadOnlyList<PartyAnswer> Answers,
        Forwarding? ForwardedTo,
        [property: Description("Each referral of the report in the order sent: the party and the referral's status.")]
        IReadOnlyList<ReferralState> Referrals);

    public sealed class Handler(DbSession session) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT r.id, r.reference, r.status, r.resolution, s.name AS association_name, r.event_date,
                   COALESCE(c.label_sv, sc.label_sv) AS category_label, r.created_at, r.updated_at,
                   fs.name AS forwarded_association, fr.reference AS forwarded_reference
            FROM receipts rc
            JOIN reports r ON r.id = rc.report_id
            JOIN associations s ON s.id = r.association_id
            JOIN categories sc ON sc.code = r.suggested_category
            LEFT JOIN categories c ON c.code = r.category
            LEFT JOIN reports fr ON fr.id = r.forwarded_to_report_id
            LEFT JOIN associations fs ON fs.id = fr.association_id
            WHERE rc.token_hash = @TokenHash;

            SELECT e.occurred_at, e.to_status
            FROM receipts rc
            JOIN report_events e ON e.report_id = rc.report_id
            WHERE rc.token_hash = @TokenHash AND e.to_status IS NOT NULL
            ORDER BY e.sequence;

            SELECT m.kind, m.body, m.created_at
            FROM receipts rc JOIN report_messages m ON m.report_id = rc.report_id
            WHERE rc.token_hash = @TokenHash
            ORDER BY m.sequence;

            SELECT p.name AS party, f.status, f.cause, f.actions, f.follow_up_plan, f.responder_role, f.answered_at
            FROM receipts rc
            JOIN referrals f ON f.report_id = rc.report_id
            JOIN parties p ON p.id = f.party_id
            WHERE rc.token_hash = @TokenHash
            ORDER BY f.created_at, f.id;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            // A malformed token is as unknown as a wrong one: both are 404, so neither says more.
            if (!ReceiptTokens.IsWellFormed(query.Token))
                throw new NotFoundException("Receipt");

            await using var results = await session.QueryMultipleAsync(
                Sql, new { TokenHash = ReceiptTokens.Hash(query.Token) }, cancellationToken);
            var row = await results.ReadSingleOrDefaultAsync<Row>() ?? throw new NotFoundException("Receipt");
            var timeline = await results.ReadAsync<TimelineRow>();
            var messages = await results.ReadAsync<MessageRow>();
            var referrals = (await results.ReadAsync<ReferralRow>()).ToList();
            var status = Codes.Parse<ReportStatus>(row.Status);

            return new Response(
                row.Reference, status, row.Resolution is null ? null : Codes.Parse<Resolution>(row.Resolution),
                row.AssociationName, row.EventDate, row.CategoryLabel, row.CreatedAt, row.UpdatedAt,
                status == ReportStatus.NeedsInfo,
                [.. timeline.Select(entry => new TimelineEntry(entry.OccurredAt, Codes.Parse<ReportStatus>(entry.ToStatus)))],
                [.. messages.Select(message => new Message(message.Kind, message.Body, message.CreatedAt))],
                [.. referrals.Select(referral => referral.Party).Distinct()],
                [.. referrals.Where(referral => referral.AnsweredAt is not null).Select(referral => new PartyAnswer(
                    referral.Party, referral.Cause!, referral.Actions!, referral.FollowUpPlan!, referral.ResponderRole!, referral.AnsweredAt!.Value))],
                row.ForwardedAssociation is null ? null : new Forwarding(row.ForwardedAssociation, row.ForwardedReference!),
                [.. referrals.Select(referral => new ReferralState(referral.Party, referral.Status))]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder receipts) =>
        receipts.MapGet("/{token}", Endpoint)
            .WithName("GetReceipt")
            .WithSummary("The reporter's view of a report")
            .WithDescription("Anyone holding the receipt token: reference, status and timeline. Never shows the reporter's contact.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static async Task<Ok<Response>> Endpoint(string token, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(token), cancellationToken));

    private sealed class Row
    {
        public string Reference { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Resolution { get; init; }
        public string? ForwardedAssociation { get; init; }
        public string? ForwardedReference { get; init; }
        public string AssociationName { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public string CategoryLabel { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }

    private sealed class MessageRow
    {
        public string Kind { get; init; } = "";
        public string Body { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    private sealed class ReferralRow
    {
        public string Party { get; init; } = "";
        public string Status { get; init; } = "";
        public string? Cause { get; init; }
        public string? Actions { get; init; }
        public string? FollowUpPlan { get; init; }
        public string? ResponderRole { get; init; }
        public DateTimeOffset? AnsweredAt { get; init; }
    }

    private sealed class TimelineRow
    {
        public DateTimeOffset OccurredAt { get; init; }
        public string ToStatus { get; init; } = "";
    }
}
