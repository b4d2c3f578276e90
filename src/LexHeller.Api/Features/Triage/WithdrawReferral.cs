using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Referrals;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// Withdraw an open referral, with a reason; the party's contact persons are told. When it was the report's last open
/// referral, the report becomes answered if another party has answered, and goes back to in-triage if none has.
/// </summary>
public static class WithdrawReferral
{
    [Description("Withdraw a referral; the reason is e-mailed to the party.")]
    public sealed record Command : TriageCommand
    {
        [JsonIgnore]
        public Guid ReferralId { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).WrittenReason();
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, ReportStateResponse>
    {
        private const string Referral = """
            SELECT f.id, f.status, f.party_id, p.name AS party
            FROM referrals f JOIN parties p ON p.id = f.party_id
            WHERE f.id = @Id AND f.report_id = @ReportId
            """;

        public async ValueTask<ReportStateResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            // The report first: a party answering the other open referral at the same moment would otherwise count this one still open.
            await TransactionLocks.ReportAsync(session, command.ReportId, cancellationToken);
            var report = await TriageGuard.LoadForChangeAsync(session, caller, command, cancellationToken);
            var referral = await session.QuerySingleOrDefaultAsync<ReferralRow>(Referral, new { Id = command.ReferralId, ReportId = report.Id }, cancellationToken)
                ?? throw new NotFoundException($"Referral '{command.ReferralId}' of report '{report.Id}'");

            // The lifecycle first (409 with the allowed actions), then the referral's own state.
            ReportLifecycle.Decide(report.Status, ReportAction.WithdrawReferral).ThrowIfRefused();
            var now = time.GetUtcNow();
            var reason = command.Reason!.Trim();
            if (!await ReferralEndings.EndAsync(session, referral.Id, ReferralStatuses.Withdrawn, reason, null, now, cancellationToken))
                throw new ConflictException(ConflictTitles.ReferralEnded, $"The referral to {referral.Party} is {referral.Status}: only an open referral can be withdrawn.");

            var updated = await ReportTransitions.ApplyAsync(session, report, ReportAction.WithdrawReferral, null, ReportEvents.ReferralWithdrawn,
                Actor.Of(caller), reason, now, cancellationToken,
                JsonSerializer.Serialize(new { referralId = referral.Id, partyId = referral.PartyId, party = referral.Party }));
            updated = await ReferralEndings.MoveReportAsync(session, updated, declinedByParty: false, now, cancellationToken);

            await Notifier.NotifyPartyAsync(session, referral.PartyId, report.Id, Notifier.KindReferralWithdrawn, referral.Id.ToString("N"),
                $"Remissen om avvikelse {report.Reference} är återkallad",
                $"Styrgruppen har återkallat frågan till {referral.Party} om avvikelsen {report.Reference}. Ni behöver inte svara.\n\nStyrgruppens skäl:\n{reason}",
                now, cancellationToken);
            return ReportStateResponse.From(updated);
        }

        private sealed class ReferralRow
        {
            public Guid Id { get; init; }
            public string Status { get; init; } = "";
            public Guid PartyId { get; init; }
            public string Party { get; init; } = "";
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapStateChange("/referrals/{referralId:guid}/withdrawal", Endpoint, "WithdrawReferral",
            "Withdraw an open referral; the party is told (→ answered or in-triage when it was the last open one)");

    public static Task<Ok<ReportStateResponse>> Endpoint(Guid id, Guid referralId, [FromHeader(Name = "If-Match")] string? ifMatch,
        [FromBody] Command command, IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken) =>
        TriageGuard.SendAsync(command with { ReferralId = referralId }, id, ifMatch, mediator, httpContext, cancellationToken);
}
