using LexHeller.Api.Features.Privacy;
using LexHeller.Api.Features.Referrals;

namespace LexHeller.Api.Features.Reports;

/// <summary>The full report for the steering group that handles it: text, parties, reporter contact.</summary>
public static class GetReport
{
    public sealed record Query(Guid Id) : IQuery<Response>;

    public sealed record CodeAndName(string Code, string Name);

    public sealed record PartyReference(Guid Id, PartyKind Kind, string Name, string? Unit);

    public sealed record Contact(string? Name, string? Role, string? Email, string? Phone);

    public sealed record Response(
        Guid Id,
        string Reference,
        ReportStatus Status,
        CodeAndName Association,
        CodeAndName Area,
        DateOnly EventDate,
        ReportKind Kind,
        PartyReference ReporterParty,
        IReadOnlyList<PartyReference> InvolvedParties,
        CodeAndName SuggestedCategory,
        CodeAndName? Category,
        string Description,
        string Consequence,
        string ActionsTaken,
        string SuggestedImprovement,
        AffectedGender? AffectedGender,
        bool AnonymousToParties,
        Contact? Reporter,
        [property: System.ComponentModel.Description("When retention purged the reporter's contact; null while it is kept or when none was given.")]
        DateTimeOffset? ReporterContactPurgedAt,
        string Channel,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        int Version,
        QueueReference? Queue,
        Resolution? Resolution,
        Guid? DuplicateOfReportId,
        Guid? ForwardedToReportId,
        Guid? ForwardedFromReportId,
        [property: System.ComponentModel.Description("Every way out of the report's state. A report waiting for the reporter (needs-info) may take "
            + "'close' only from closableFrom on; before that it is withdrawn to in-triage first.")]
        IReadOnlyList<ReportAction> AllowedActions,
        [property: System.ComponentModel.Description("While the report waits for the reporter: when its question will have gone unanswered for "
            + "Lifecycle:CloseAfterSilenceDays days, and closing it is allowed. Null in every other state.")]
        DateTimeOffset? ClosableFrom,
        IReadOnlyList<Referral> Referrals,
        IReadOnlyList<Message> Messages,
        IReadOnlyList<Note> Notes);

    public sealed class Referral
    {
        public Guid Id { get; init; }
        public Guid PartyId { get; init; }
        public string Party { get; init; } = "";
        public string Question { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public string? Cause { get; init; }
        public string? Actions { get; init; }
        public string? FollowUpPlan { get; init; }
        public string? ResponderName { get; init; }
        public string? ResponderRole { get; init; }
        public DateTimeOffset? AnsweredAt { get; init; }

        [System.ComponentModel.Description("When the referral ended without an answer (withdrawn, declined or unanswered); null otherwise.")]
        public DateTimeOffset? EndedAt { get; init; }

        [System.ComponentModel.Description("The steering group's reason for withdrawing it, or the party's for declining it.")]
        public string? EndReason { get; init; }

        [System.ComponentModel.Description("For a declined referral: who the party thinks is responsible.")]
        public string? SuggestedResponsible { get; init; }

        /// <summary>The answer as one record, for the pages; the API keeps the fields above.</summary>
        [JsonIgnore]
        public ReferralViews.Answer? Answer => ReferralViews.Answer.Of(Cause, Actions, FollowUpPlan, ResponderName, ResponderRole, AnsweredAt);
    }

    /// <summary>What the reporter sees: the group's questions, the replies, the closing word.</summary>
    public sealed class Message
    {
        public string Kind { get; init; } = "";
        public string Text { get; init; } = "";
        public DateTimeOffset At { get; init; }
    }

    /// <summary>Internal: for the steering group only.</summary>
    public sealed class Note
    {
        public Guid Id { get; init; }
        public string Author { get; init; } = "";

        /// <summary>The author's name as they signed in with it (<see cref="UserDisplayNames"/>); null when none is known.</summary>
        public string? AuthorName { get; init; }

        public string Text { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    public sealed record QueueReference(Guid Id, string Name);

    public sealed class Handler(
        DbSession session,
        CallerContext callerContext,
        ReporterContactSealer contactSealer,
        TimeProvider time,
        Triage.LifecycleOptions lifecycle,
        ILogger<Handler> logger) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT r.id, r.reference, r.status, r.association_id, s.code AS association_code, s.name AS association_name,
                   a.code AS area_code, a.name AS area_name, r.event_date, r.kind, r.reporter_party_id,
                   r.suggested_category, sc.label_sv AS suggested_category_label, r.category, c.label_sv AS category_label,
                   r.description, r.consequence, r.actions_taken, r.suggested_improvement, r.affected_gender,
                   r.anonymous_to_parties, r.channel, r.created_at, r.updated_at, r.version,
                   r.queue_id, q.name AS queue_name, r.resolution, r.duplicate_of_report_id, r.forwarded_to_report_id, r.forwarded_from_report_id
            FROM reports r
            LEFT JOIN queues q ON q.id = r.queue_id
            JOIN associations s ON s.id = r.association_id
            JOIN areas a ON a.id = r.area_id
            JOIN categories sc ON sc.code = r.suggested_category
            LEFT JOIN categories c ON c.code = r.category
            WHERE r.id = @Id;

            SELECT p.id, p.kind, p.name, p.unit FROM parties p
            WHERE p.id = (SELECT reporter_party_id FROM reports WHERE id = @Id);

            SELECT p.id, p.kind, p.name, p.unit FROM report_involved_parties ip
            JOIN parties p ON p.id = ip.party_id
            WHERE ip.report_id = @Id
            ORDER BY p.name COLLATE Finnish_Swedish_100_CI_AS;

            SELECT sealed_contact, purged_at FROM reporter_contacts WHERE report_id = @Id;

            SELECT f.id, f.party_id, p.name AS party, f.question, f.due_on, f.status, f.created_at,
                   f.cause, f.actions, f.follow_up_plan, f.responder_name, f.responder_role, f.answered_at,
                   f.ended_at, f.end_reason, f.suggested_responsible
            FROM referrals f JOIN parties p ON p.id = f.party_id
            WHERE f.report_id = @Id
            ORDER BY f.created_at, f.id;

            SELECT kind, body AS text, created_at AS at FROM report_messages WHERE report_id = @Id ORDER BY sequence;

            SELECT n.id, n.author, n.body AS text, n.created_at,
                   (SELECT udn.display_name FROM user_display_names udn WHERE udn.user_key = n.author) AS author_name
            FROM report_notes n WHERE n.report_id = @Id ORDER BY n.created_at, n.id;

            """ + ReportMessages.LastQuestion + ";";

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var results = await session.QueryMultipleAsync(
                Sql, new { query.Id }, cancellationToken);
            var row = await results.ReadSingleOrDefaultAsync<Row>() ?? throw new NotFoundException($"Report '{query.Id}'");
            var reporterParty = await results.ReadSingleAsync<PartyRow>();
            var involved = await results.ReadAsync<PartyRow>();
            var contactRow = await results.ReadSingleOrDefaultAsync<ContactRow>();
            var referrals = await results.ReadAsync<Referral>();
            var messages = await results.ReadAsync<Message>();
            var notes = await results.ReadAsync<Note>();
            var lastQuestionAt = (await results.ReadSingleAsync<ReportMessages.LastQuestionRow>()).At;

            await ReportAccess.EnsureCanReadAsync(session, callerContext.Caller, row.AssociationId, row.QueueId, cancellationToken);

            // Opened only once access is granted, and logged as read by this caller.
            var details = await ReporterContacts.OpenSealedAsync(session, contactSealer, row.Id, contactRow?.SealedContact,
                ReporterContacts.ActorOf(callerContext.Caller), ReporterContacts.ForTriage, time.GetUtcNow(), logger, cancellationToken);
            var contact = details is null ? null : new Contact(details.Name, details.Role, details.Email, details.Phone);

            return new Response(
                row.Id, row.Reference, Codes.Parse<ReportStatus>(row.Status),
                new CodeAndName(row.AssociationCode, row.AssociationName),
                new CodeAndName(row.AreaCode, row.AreaName),
                row.EventDate, Codes.Parse<ReportKind>(row.Kind),
                reporterParty.ToReference(),
                [.. involved.Select(party => party.ToReference())],
                new CodeAndName(row.SuggestedCategory, row.SuggestedCategoryLabel),
                row.Category is null ? null : new CodeAndName(row.Category, row.CategoryLabel!),
                row.Description, row.Consequence, row.ActionsTaken, row.SuggestedImprovement,
                row.AffectedGender is null ? null : Codes.Parse<AffectedGender>(row.AffectedGender),
                row.AnonymousToParties, contact, contactRow?.PurgedAt, row.Channel, row.CreatedAt, row.UpdatedAt, row.Version,
                row.QueueId is { } queueId ? new QueueReference(queueId, row.QueueName!) : null,
                row.Resolution is null ? null : Codes.Parse<Resolution>(row.Resolution),
                row.DuplicateOfReportId, row.ForwardedToReportId, row.ForwardedFromReportId,
                ReportLifecycle.AllowedActions(Codes.Parse<ReportStatus>(row.Status)),
                row.Status == Codes.Of(ReportStatus.NeedsInfo) && lastQuestionAt is { } asked ? asked.AddDays(lifecycle.CloseAfterSilenceDays) : null,
                [.. referrals], [.. messages], [.. notes]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder reports) =>
        reports.MapGet("/{id:guid}", Endpoint)
            .WithName("GetReport")
            .WithSummary("Read a report in full")
            .WithDescription("For triagers of the association's steering groups and its administrators. The ETag header carries the report's version.")
            .RequireAuthorization(Policies.Triage)
            .ProducesStandardProblems();

    public static async Task<Ok<Response>> Endpoint(Guid id, IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var report = await mediator.Send(new Query(id), cancellationToken);
        httpContext.Response.Headers.ETag = Versioning.ETag(report.Version);
        return TypedResults.Ok(report);
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Reference { get; init; } = "";
        public string Status { get; init; } = "";
        public Guid AssociationId { get; init; }
        public string AssociationCode { get; init; } = "";
        public string AssociationName { get; init; } = "";
        public string AreaCode { get; init; } = "";
        public string AreaName { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public string Kind { get; init; } = "";
        public string SuggestedCategory { get; init; } = "";
        public string SuggestedCategoryLabel { get; init; } = "";
        public string? Category { get; init; }
        public string? CategoryLabel { get; init; }
        public string Description { get; init; } = "";
        public string Consequence { get; init; } = "";
        public string ActionsTaken { get; init; } = "";
        public string SuggestedImprovement { get; init; } = "";
        public string? AffectedGender { get; init; }
        public bool AnonymousToParties { get; init; }
        public string Channel { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public int Version { get; init; }
        public Guid? QueueId { get; init; }
        public string? QueueName { get; init; }
        public string? Resolution { get; init; }
        public Guid? DuplicateOfReportId { get; init; }
        public Guid? ForwardedToReportId { get; init; }
        public Guid? ForwardedFromReportId { get; init; }
    }

    private sealed class ContactRow
    {
        public string? SealedContact { get; init; }
        public DateTimeOffset? PurgedAt { get; init; }
    }

    private sealed class PartyRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Unit { get; init; }

        public PartyReference ToReference() => new(Id, Codes.Parse<PartyKind>(Kind), Name, Unit);
    }
}
