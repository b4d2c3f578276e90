using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Referrals;

/// <summary>
/// A party answers its referral. When every referral of the report is answered, the report becomes
/// answered; the reporter is told, and sees the answer on the receipt.
/// </summary>
public static class AnswerReferral
{
    public const int TextMaxLength = 4000;

    [Description("The party's answer to a referral.")]
    public sealed record Command(
        [property: Description("Why it happened, as the party sees it.")] string? Cause,
        [property: Description("Actions taken or planned.")] string? Actions,
        [property: Description("How the party will follow up.")] string? FollowUpPlan,
        [property: Description("Who answers for the party.")] string? ResponderName,
        [property: Description("The responder's role.")] string? ResponderRole) : ICommand<Response>, IHaveFreeText
    {
        [JsonIgnore]
        public Guid ReferralId { get; init; }

        public IEnumerable<(string Field, string? Text)> FreeText() =>
            [("cause", Cause), ("actions", Actions), ("followUpPlan", FollowUpPlan), ("responderName", ResponderName), ("responderRole", ResponderRole)];
    }

    public sealed record Response(Guid ReferralId, Guid ReportId, ReportStatus ReportStatus, int OpenReferrals);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Cause).FreeText(TextMaxLength);
            RuleFor(c => c.Actions).FreeText(TextMaxLength);
            RuleFor(c => c.FollowUpPlan).FreeText(TextMaxLength);
            RuleFor(c => c.ResponderName).FreeText(200);
            RuleFor(c => c.ResponderRole).FreeText(200);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, Response>
    {
        private const string Answer = """
            UPDATE referrals
            SET status = 'answered', cause = @Cause, actions = @Actions, follow_up_plan = @FollowUpPlan,
                responder_name = @ResponderName, responder_role = @ResponderRole, answered_at = @Now
            WHERE id = @Id AND status = 'open'
            """;

        private const string StillOpen = "SELECT COUNT(*) FROM referrals WHERE report_id = @ReportId AND status = 'open'";

        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var referral = await FindOwnAsync(session, callerContext.Caller, command.ReferralId, cancellationToken);

            // The report first: two parties answering its last two referrals at once would otherwise each count the
            // other's referral still open (READ_COMMITTED_SNAPSHOT reads it as last committed) and neither would move
            // the report to answered; under locking reads the two would deadlock instead.
            await TransactionLocks.ReportAsync(session, referral.ReportId, cancellationToken);

            var now = time.GetUtcNow();
            var answered = await session.ExecuteAsync(Answer, new
            {
                referral.Id,
                Cause = command.Cause!.Trim(),
                Actions = command.Actions!.Trim(),
                FollowUpPlan = command.FollowUpPlan!.Trim(),
                ResponderName = command.ResponderName!.Trim(),
                ResponderRole = command.ResponderRole!.Trim(),
                Now = now,
            }, cancellationToken);
            if (answered == 0)
            {
                throw referral.Status == ReferralStatuses.Answered
                    ? new ConflictException(ConflictTitles.AlreadyAnswered, "This referral has been answered already.")
                    : new ConflictException(ConflictTitles.ReferralEnded, $"This referral is {referral.Status}: it takes no answer.");
            }

            var actor = $"party:{referral.Party}";
            await ReportEvents.AppendAsync(session, referral.ReportId, ReportEvents.ReferralAnswered, actor, null, null,
                $"{referral.Party} answered the referral.", now, cancellationToken, JsonSerializer.Serialize(new { referralId = referral.Id }));

            var report = await ReportTransitions.LoadAsync(session, referral.ReportId, cancellationToken);
            var open = await session.ScalarAsync<int>(
                StillOpen, new { ReportId = report.Id }, cancellationToken);
            if (open == 0 && ReportLifecycle.Decide(report.Status, ReportAction.ReceiveAllAnswers).IsAllowed)
            {
                report = await ReportTransitions.ApplyAsync(session, report, ReportAction.ReceiveAllAnswers, null, ReportEvents.Answered,
                    "system:referrals", "Every referral has been answered.", now, cancellationToken);
            }

            await Notifier.NotifyReporterAsync(session, report.Id, Notifier.KindAnswer, referral.Id.ToString("N"),
                $"Svar på din avvikelse {report.Reference}",
                $"{referral.Party} har svarat på avvikelsen {report.Reference}. Svaret finns på kvittosidan.",
                now, cancellationToken);

            var (subject, body) = GroupMessages.PartyAnswer(report.Reference, referral.Party);
            await Notifier.NotifyGroupAsync(session, report.Id, Notifier.KindGroupPartyAnswer, referral.Id.ToString("N"), subject, body, now, cancellationToken);
            if (open == 0)
            {
                (subject, body) = GroupMessages.AllAnswered(report.Reference);
                await Notifier.NotifyGroupAsync(session, report.Id, Notifier.KindGroupAllAnswered, referral.Id.ToString("N"), subject, body, now, cancellationToken);
            }

            return new Response(referral.Id, report.Id, report.Status, open);
        }
    }

    // The caller's own referral: one to a party where the caller is a contact person holding the role responder.
    private const string OwnReferral = $"""
        SELECT f.id, f.report_id, f.status, p.id AS party_id, p.name AS party
        FROM referrals f
        JOIN parties p ON p.id = f.party_id
        JOIN party_members pm ON pm.party_id = f.party_id AND pm.user_key = @UserKey
        WHERE f.id = @Id AND p.association_id IN ({MemberGrants.ResponderAssociations})
        """;

    /// <summary>A referral to one of the caller's parties; another party's is not found (404), so its existence is not told.</summary>
    public static async Task<ReferralRow> FindOwnAsync(DbSession session, Caller caller, Guid referralId, CancellationToken cancellationToken) =>
        await session.QuerySingleOrDefaultAsync<ReferralRow>(OwnReferral, MemberGrants.Parameters(caller, new { Id = referralId }), cancellationToken)
        ?? throw new NotFoundException($"Referral '{referralId}'");

    public sealed class ReferralRow
    {
        public Guid Id { get; init; }
        public Guid ReportId { get; init; }
        public string Status { get; init; } = "";
        public Guid PartyId { get; init; }
        public string Party { get; init; } = "";
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder referrals) =>
        referrals.MapPost("/{id:guid}/answer", Endpoint)
            .WithName("AnswerReferral")
            .WithSummary("Answer a referral")
            .WithDescription("When every referral of the report is answered, the report becomes answered.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Ok<Response>> Endpoint(Guid id, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with { ReferralId = id }, cancellationToken));
}
