using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Referrals;

/// <summary>
/// A party answers "not ours": the matter is not its responsibility, and it names who it thinks is responsible. The
/// referral becomes declined and the report goes back to the steering group — to in-triage when no other referral is
/// open — which is told, and sees the suggestion on the report.
/// </summary>
public static class DeclineReferral
{
    public const int ReasonMaxLength = 2000;
    public const int SuggestedResponsibleMaxLength = 200;

    [Description("A party's answer that the referral is not its responsibility.")]
    public sealed record Command(
        [property: Description("Why the matter is not the party's.")] string? Reason,
        [property: Description("Who the party thinks is responsible: another party, a unit or a function.")] string? SuggestedResponsible)
        : ICommand<AnswerReferral.Response>, IHaveFreeText
    {
        [JsonIgnore]
        public Guid ReferralId { get; init; }

        public IEnumerable<(string Field, string? Text)> FreeText() => [("reason", Reason), ("suggestedResponsible", SuggestedResponsible)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).FreeText(ReasonMaxLength);
            RuleFor(c => c.SuggestedResponsible).FreeText(SuggestedResponsibleMaxLength);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, AnswerReferral.Response>
    {
        public async ValueTask<AnswerReferral.Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var referral = await AnswerReferral.FindOwnAsync(session, callerContext.Caller, command.ReferralId, cancellationToken);

            // The report first, as for an answer: two parties ending the last two referrals at once must not both count the other open.
            await TransactionLocks.ReportAsync(session, referral.ReportId, cancellationToken);

            var now = time.GetUtcNow();
            var reason = command.Reason!.Trim();
            var suggested = command.SuggestedResponsible!.Trim();
            if (!await ReferralEndings.EndAsync(session, referral.Id, ReferralStatuses.Declined, reason, suggested, now, cancellationToken))
                throw new ConflictException(ConflictTitles.ReferralEnded, "This referral has been answered or has ended already.");

            await ReportEvents.AppendAsync(session, referral.ReportId, ReportEvents.ReferralDeclined, $"party:{referral.Party}", null, null,
                reason, now, cancellationToken,
                JsonSerializer.Serialize(new { referralId = referral.Id, party = referral.Party, suggestedResponsible = suggested }));

            var report = await ReportTransitions.LoadAsync(session, referral.ReportId, cancellationToken);
            report = await ReferralEndings.MoveReportAsync(session, report, declinedByParty: true, now, cancellationToken);
            var open = (await session.QuerySingleAsync<ReferralStatuses.Counts>(ReferralStatuses.CountsOfReport, new { ReportId = report.Id }, cancellationToken)).OpenCount;

            await Notifier.NotifyGroupAsync(session, report.Id, Notifier.KindGroupDeclined, referral.Id.ToString("N"),
                $"{referral.Party} menar att avvikelse {report.Reference} inte är deras ansvar",
                $"{referral.Party} har svarat att avvikelsen {report.Reference} inte är deras ansvar.\n\nParten föreslår: {suggested}\n\nSkäl:\n{reason}\n\n"
                + (open == 0 ? "Ingen annan part har en obesvarad fråga: avvikelsen är tillbaka hos styrgruppen." : $"{open} andra frågor till parter är fortfarande obesvarade."),
                now, cancellationToken);
            return new AnswerReferral.Response(referral.Id, report.Id, report.Status, open);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder referrals) =>
        referrals.MapPost("/{id:guid}/decline", Endpoint)
            .WithName("DeclineReferral")
            .WithSummary("Answer that the referral is not the party's, naming who is")
            .WithDescription("The referral becomes declined; the report goes back to the steering group (to in-triage when no other referral "
                + "is open), which is told. 409 when the referral has been answered or has ended.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Ok<AnswerReferral.Response>> Endpoint(Guid id, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with { ReferralId = id }, cancellationToken));
}
