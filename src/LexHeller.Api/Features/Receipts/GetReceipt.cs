using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Receipts;

/// <summary>
/// The reporter's view through the receipt token: reference, status and what happened, never the
/// reporter's contact, internal notes or who triaged.
/// </summary>
public static class GetReceipt
{
    public sealed record Query(string Token) : IQuery<Response>;

    /// <summary>
    /// One step of what happened, oldest first: <paramref name="Event"/> is the report event's type (submitted, triaged,
    /// information-requested, clarified, referred, referral-answered, answered, closed, reopened, …),
    /// <paramref name="Status"/> the report's status after it, <paramref name="Party"/> the party a referral or an
    /// answer concerns.
    /// </summary>
    public sealed record TimelineEntry(DateTimeOffset At, ReportStatus Status, string Event, string? Party);

    /// <summary>A question from the steering group, the reporter's reply, or the closing word.</summary>
    public sealed record Message(string Kind, string Text, DateTimeOffset At);

    /// <summary>A party's answer as the reporter sees it: the party and the responder's role, not the responder's name.</summary>
    public sealed record PartyAnswer(string Party, string Cause, string Actions, string FollowUpPlan, string ResponderRole, DateTimeOffset AnsweredAt);

    public sealed record Forwarding(string AssociationName, string Reference);

    /// <summary>The steering group's decision on a closed report: when, how, and its word to the reporter (if any).</summary>
    public sealed record Decision(DateTimeOffset ClosedAt, Resolution Resolution, string? Message);

    /// <summary>The reporter's answer to "Ledde svaret till en förbättring?" for the current closure.</summary>
    public sealed record Feedback(ReporterHelped Helped, string? Comment, DateTimeOffset AnsweredAt);
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
        Forwarding? ForwardedTo)
    {
        /// <summary>The parties asked to answer whose answer has not come (open referrals).</summary>
        public IReadOnlyList<string> AwaitingAnswerFrom { get; init; } = [];

        /// <summary>The steering group's decision, while the report is closed.</summary>
        public Decision? Decision { get; init; }

        /// <summary>Whether the reporter is asked "Ledde svaret till en förbättring?": closed, and not yet answered for this closure.</summary>
        public bool FeedbackAsked { get; init; }

        /// <summary>The reporter's answer for the current closure, once given.</summary>
        public Feedback? Feedback { get; init; }

        /// <summary>Each referral of the report in the order sent: the party and the referral's status (open, answered, withdrawn, declined, unanswered).</summary>
        public IReadOnlyList<ReferralState> Referrals { get; init; } = [];

        /// <summary>Whether contact details are kept for the report (they can be withdrawn); never what they are.</summary>
        public bool HasContact { get; init; }
    }

    public sealed class Handler(DbSession session) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT r.id, r.reference, r.status, r.resolution, s.name AS association_name, r.event_date,
                   COALESCE(c.label_sv, sc.label_sv) AS category_label, r.created_at, r.updated_at,
                   fs.name AS forwarded_association, fr.reference AS forwarded_reference
            FROM reports r
            JOIN associations s ON s.id = r.association_id
            JOIN categories sc ON sc.code = r.suggested_category
            LEFT JOIN categories c ON c.code = r.category
            LEFT JOIN reports fr ON fr.id = r.forwarded_to_report_id
            LEFT JOIN associations fs ON fs.id = fr.association_id
            WHERE r.id = @ReportId;

            SELECT e.occurred_at, e.event_type, e.to_status, e.data
            FROM report_events e
            WHERE e.report_id = @ReportId AND (e.to_status IS NOT NULL OR e.event_type = @ReferralAnswered)
            ORDER BY e.sequence;

            SELECT m.kind, m.body, m.created_at
            FROM report_messages m
            WHERE m.report_id = @ReportId
            ORDER BY m.sequence;

            SELECT f.id, p.name AS party, f.status, f.cause, f.actions, f.follow_up_plan, f.responder_role, f.answered_at
            FROM referrals f
            JOIN parties p ON p.id = f.party_id
            WHERE f.report_id = @ReportId
            ORDER BY f.created_at, f.id;

            SELECT b.helped, b.comment, b.answered_at
            FROM reporter_feedback b
            JOIN reports r ON r.id = b.report_id AND r.closed_at = b.closed_at
            WHERE b.report_id = @ReportId AND r.status = 'closed';

            SELECT COUNT(*) FROM reporter_contacts WHERE report_id = @ReportId AND sealed_contact IS NOT NULL;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            // A malformed token is as unknown as a wrong one: both are 404, so neither says more.
            var reportId = await ReceiptTokens.FindReportAsync(session, query.Token, cancellationToken)
                ?? throw new NotFoundException("Receipt");

            await using var results = await session.QueryMultipleAsync(
                Sql, new { ReportId = reportId, ReportEvents.ReferralAnswered }, cancellationToken);
            var row = await results.ReadSingleOrDefaultAsync<Row>() ?? throw new NotFoundException("Receipt");
            var events = (await results.ReadAsync<EventRow>()).ToList();
            var messages = (await results.ReadAsync<MessageRow>()).ToList();
            var referrals = (await results.ReadAsync<ReferralRow>()).ToList();
            var feedback = await results.ReadSingleOrDefaultAsync<FeedbackRow>();
            var hasContact = await results.ReadSingleAsync<int>() > 0;
            var status = Codes.Parse<ReportStatus>(row.Status);
            var resolution = row.Resolution is null ? (Resolution?)null : Codes.Parse<Resolution>(row.Resolution);
            var partyOfReferral = referrals.ToDictionary(referral => referral.Id, referral => referral.Party);

            var timeline = new List<TimelineEntry>(events.Count);
            var current = ReportStatus.Received;
            foreach (var entry in events)
            {
                current = entry.ToStatus is null ? current : Codes.Parse<ReportStatus>(entry.ToStatus);
                timeline.Add(new TimelineEntry(entry.OccurredAt, current, entry.EventType, PartyOf(entry.Data, partyOfReferral)));
            }

            return new Response(
                row.Reference, status, resolution,
                row.AssociationName, row.EventDate, row.CategoryLabel, row.CreatedAt, row.UpdatedAt,
                status == ReportStatus.NeedsInfo,
                timeline,
                [.. messages.Select(message => new Message(message.Kind, message.Body, message.CreatedAt))],
                [.. referrals.Select(referral => referral.Party).Distinct()],
                [.. referrals.Where(referral => referral.AnsweredAt is not null).Select(referral => new PartyAnswer(
                    referral.Party, referral.Cause!, referral.Actions!, referral.FollowUpPlan!, referral.ResponderRole!, referral.AnsweredAt!.Value))],
                row.ForwardedAssociation is null ? null : new Forwarding(row.ForwardedAssociation, row.ForwardedReference!))
            {
                AwaitingAnswerFrom = [.. referrals.Where(referral => referral.Status == "open").Select(referral => referral.Party).Distinct()],
                Decision = DecisionOf(status, resolution, events, messages),
                FeedbackAsked = status == ReportStatus.Closed && feedback is null,
                Feedback = feedback is null ? null : new Feedback(Codes.Parse<ReporterHelped>(feedback.Helped), feedback.Comment, feedback.AnsweredAt),
                HasContact = hasContact,
                Referrals = [.. referrals.Select(referral => new ReferralState(referral.Party, referral.Status))],
            };
        }

        /// <summary>The closing decision: the last closing event, and the closing word written with it (if any).</summary>
        private static Decision? DecisionOf(ReportStatus status, Resolution? resolution, List<EventRow> events, List<MessageRow> messages)
        {
            if (status != ReportStatus.Closed || resolution is not { } closedAs)
                return null;
            var closedAt = events.LastOrDefault(entry => entry.ToStatus == Codes.Of(ReportStatus.Closed))?.OccurredAt ?? DateTimeOffset.MinValue;
            var word = messages.LastOrDefault(message => message.Kind == ReportMessages.Closure && message.CreatedAt >= closedAt);
            return new Decision(closedAt, closedAs, word?.Body);
        }

        /// <summary>The party an event concerns, through the referral it names (<c>referralId</c> in its data).</summary>
        private static string? PartyOf(string? data, Dictionary<Guid, string> partyOfReferral)
        {
            if (data is null || !data.Contains("referralId", StringComparison.Ordinal))
                return null;
            try
            {
                using var document = JsonDocument.Parse(data);
                return document.RootElement.TryGetProperty("referralId", out var id) && id.TryGetGuid(out var referralId)
                       && partyOfReferral.TryGetValue(referralId, out var party)
                    ? party
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
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
        public Guid Id { get; init; }
        public string Status { get; init; } = "";
        public string Party { get; init; } = "";
        public string? Cause { get; init; }
        public string? Actions { get; init; }
        public string? FollowUpPlan { get; init; }
        public string? ResponderRole { get; init; }
        public DateTimeOffset? AnsweredAt { get; init; }
    }

    private sealed class FeedbackRow
    {
        public string Helped { get; init; } = "";
        public string? Comment { get; init; }
        public DateTimeOffset AnsweredAt { get; init; }
    }

    private sealed class EventRow
    {
        public DateTimeOffset OccurredAt { get; init; }
        public string EventType { get; init; } = "";
        public string? ToStatus { get; init; }
        public string? Data { get; init; }
    }
}
