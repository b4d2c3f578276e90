using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Referrals;

/// <summary>
/// What a party's responder sees of a referral: the question, the due date and the report's text —
/// and the reporter only when the reporter did not ask to stay anonymous to the parties.
/// </summary>
public static class ReferralViews
{
    public sealed record Reporter(string? Name, string? Role, string? Email, string? Phone);

    // A party's answer to a referral, as the party and the steering group read it. (A doc comment would become its description in the OpenAPI document.)
    public sealed record Answer(string Cause, string Actions, string FollowUpPlan, string ResponderName, string ResponderRole, DateTimeOffset AnsweredAt)
    {
        /// <summary>The answer in a referral's columns (<c>cause</c> … <c>answered_at</c>): null while the referral is unanswered.</summary>
        public static Answer? Of(string? cause, string? actions, string? followUpPlan, string? responderName, string? responderRole,
            DateTimeOffset? answeredAt) =>
            answeredAt is { } at ? new(cause ?? "", actions ?? "", followUpPlan ?? "", responderName ?? "", responderRole ?? "", at) : null;
    }

    // How a referral ended without an answer: when, the group's or the party's reason, and (declined) who the party thinks is responsible.
    public sealed record Ending(DateTimeOffset At, string? Reason, string? SuggestedResponsible);

    public sealed record Referral(
        Guid Id,
        string Status,
        bool Overdue,
        string Party,
        string Question,
        DateOnly DueDate,
        DateTimeOffset ReferredAt,
        string Reference,
        string Association,
        string Area,
        DateOnly EventDate,
        ReportKind Kind,
        string Category,
        string Description,
        string Consequence,
        string ActionsTaken,
        string SuggestedImprovement,
        IReadOnlyList<string> InvolvedParties,
        Reporter? Reporter,
        Answer? Answer,
        Ending? Ended);

    /// <summary>Referrals to the parties where the user is a contact person holding the role responder; one id, or all.</summary>
    private const string Sql = $"""
        SELECT f.id, f.status, f.question, f.due_on, f.created_at, p.name AS party,
               r.id AS report_id, r.reference, s.name AS association, a.name AS area, r.event_date, r.kind,
               c.label_sv AS category, r.description, r.consequence, r.actions_taken, r.suggested_improvement, r.anonymous_to_parties,
               f.cause, f.actions, f.follow_up_plan, f.responder_name, f.responder_role, f.answered_at,
               f.ended_at, f.end_reason, f.suggested_responsible
        FROM referrals f
        JOIN party_members pm ON pm.party_id = f.party_id AND pm.user_key = @UserKey
        JOIN parties p ON p.id = f.party_id
        JOIN reports r ON r.id = f.report_id
        JOIN associations s ON s.id = r.association_id
        JOIN areas a ON a.id = r.area_id
        JOIN categories c ON c.code = COALESCE(r.category, r.suggested_category)
        WHERE (@Id IS NULL OR f.id = @Id) AND p.association_id IN ({MemberGrants.ResponderAssociations})
        ORDER BY f.due_on, f.created_at;

        SELECT ip.report_id, p.name
        FROM report_involved_parties ip
        JOIN parties p ON p.id = ip.party_id
        WHERE ip.report_id IN (
            SELECT f.report_id FROM referrals f
            JOIN party_members pm ON pm.party_id = f.party_id AND pm.user_key = @UserKey
            JOIN parties fp ON fp.id = f.party_id
            WHERE (@Id IS NULL OR f.id = @Id) AND fp.association_id IN ({MemberGrants.ResponderAssociations}))
        ORDER BY p.name COLLATE Finnish_Swedish_100_CI_AS;
        """;

    /// <summary>
    /// The caller's referrals. The reporter's contact is opened (and its reading logged) only through
    /// <paramref name="openReporter"/>, given for one referral's view, and only where the reporter is not
    /// anonymous to the parties; a list never carries it.
    /// </summary>
    public static async Task<IReadOnlyList<Referral>> ForUserAsync(DbSession session, Caller caller, Guid? id, TimeProvider time,
        CancellationToken cancellationToken, Func<Guid, Task<Reporter?>>? openReporter = null)
    {
        if (caller.UserKey is null)
            return [];

        await using var results = await session.QueryMultipleAsync(
            Sql, MemberGrants.Parameters(caller, new { Id = id }), cancellationToken);
        var rows = (await results.ReadAsync<Row>()).ToList();
        var involved = (await results.ReadAsync<InvolvedRow>()).ToLookup(row => row.ReportId, row => row.Name);
        var today = SwedishCalendar.Today(time);

        var reporters = new Dictionary<Guid, Reporter?>();
        if (openReporter is not null)
        {
            foreach (var row in rows.Where(row => !row.AnonymousToParties))
                reporters[row.ReportId] = await openReporter(row.ReportId);
        }

        return [.. rows.Select(row => new Referral(
            row.Id, row.Status, row.Status == "open" && row.DueOn < today, row.Party, row.Question, row.DueOn, row.CreatedAt,
            row.Reference, row.Association, row.Area, row.EventDate, Codes.Parse<ReportKind>(row.Kind), row.Category,
            row.Description, row.Consequence, row.ActionsTaken, row.SuggestedImprovement,
            [.. involved[row.ReportId].Distinct()],
            reporters.GetValueOrDefault(row.ReportId),
            Answer.Of(row.Cause, row.Actions, row.FollowUpPlan, row.ResponderName, row.ResponderRole, row.AnsweredAt),
            row.EndedAt is { } endedAt ? new Ending(endedAt, row.EndReason, row.SuggestedResponsible) : null))];
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Status { get; init; } = "";
        public string Question { get; init; } = "";
        public DateOnly DueOn { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string Party { get; init; } = "";
        public Guid ReportId { get; init; }
        public string Reference { get; init; } = "";
        public string Association { get; init; } = "";
        public string Area { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public string Kind { get; init; } = "";
        public string Category { get; init; } = "";
        public string Description { get; init; } = "";
        public string Consequence { get; init; } = "";
        public string ActionsTaken { get; init; } = "";
        public string SuggestedImprovement { get; init; } = "";
        public bool AnonymousToParties { get; init; }
        public string? Cause { get; init; }
        public string? Actions { get; init; }
        public string? FollowUpPlan { get; init; }
        public string? ResponderName { get; init; }
        public string? ResponderRole { get; init; }
        public DateTimeOffset? AnsweredAt { get; init; }
        public DateTimeOffset? EndedAt { get; init; }
        public string? EndReason { get; init; }
        public string? SuggestedResponsible { get; init; }
    }

    private sealed class InvolvedRow
    {
        public Guid ReportId { get; init; }
        public string Name { get; init; } = "";
    }
}
