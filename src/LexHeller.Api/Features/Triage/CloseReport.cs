using LexHeller.Api.Features.FollowUps;
using System.Text.Json.Nodes;
using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Referrals;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure;
using LexHeller.Api.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;
using static LexHeller.Api.Features.Shared.ValidationFailures;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// Close with a resolution. A duplicate points at the surviving report (both are linked); a forwarded
/// report is copied into the other association's intake; out-of-scope tells the reporter where to go; a
/// structural follow-up links the report to a follow-up of its association that is still open or in progress.
/// Both sides of a link must be the caller's: a duplicate's survivor in a queue they triage, a follow-up
/// of a group they sit in (403 otherwise). A structural follow-up may also be started from the report
/// (<see cref="FollowUpFromClosure"/>): opened and linked in the same transaction as the closing.
/// <para>
/// No waiting state is a dead end. A report waiting for the reporter closes with an early resolution once the question has
/// gone unanswered <see cref="LifecycleOptions.CloseAfterSilenceDays"/> days (409 before that: withdraw the question
/// first). A report waiting for a party closes with any resolution ("answered" only when a party has answered): each
/// referral still open becomes unanswered, and counts so against its party in the statistics.
/// </para>
/// </summary>
public static class CloseReport
{
    public const int MessageMaxLength = 2000;

    /// <summary>The closure mail asks what the receipt asks (issue 20, point 5); the answer is given on the receipt page.</summary>
    public const string FeedbackQuestion =
        "Ledde svaret till en förbättring? Svara ja, delvis, nej eller vet inte på kvittosidan, gärna med en kommentar. "
        + "Svarar du nej får styrgruppen veta det och kan öppna avvikelsen igen.";

    [Description("Close the report with a resolution.")]
    public sealed record Command(
        [property: Description("How the report ended.")] Resolution? Resolution,
        [property: Description("A word to the reporter, shown on the receipt (required for out-of-scope: say where the matter belongs).")] string? MessageToReporter = null,
        [property: Description("For 'duplicate': the surviving report of the same association.")] Guid? DuplicateOfReportId = null,
        [property: Description("For 'forwarded': the code of the association that takes the report over.")] string? ForwardToAssociationCode = null,
        [property: Description("For 'structural-follow-up': a follow-up of the same association that is not done; the report is linked to it.")] Guid? FollowUpId = null,
        [property: Description("For 'structural-follow-up', instead of followUpId: a new follow-up of the report's association, started with the report linked.")] FollowUpFromClosure.NewFollowUp? NewFollowUp = null)
        : TriageCommand
    {
        public override IEnumerable<(string Field, string? Text)> FreeText() =>
            [("messageToReporter", MessageToReporter), ("reason", Reason), ("newFollowUp.title", NewFollowUp?.Title), ("newFollowUp.decision", NewFollowUp?.Decision)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(c => c.Reason).WrittenReason();
            RuleFor(c => c.Resolution).NotNull();
            RuleFor(c => c.MessageToReporter).FreeText(MessageMaxLength).When(c => c.MessageToReporter is not null || c.Resolution == Resolution.OutOfScope);
            RuleFor(c => c.DuplicateOfReportId).NotNull().When(c => c.Resolution == Resolution.Duplicate)
                .WithMessage("A duplicate names the surviving report.");
            RuleFor(c => c.DuplicateOfReportId).Null().When(c => c.Resolution != Resolution.Duplicate)
                .WithMessage("Only a duplicate names another report.");
            RuleFor(c => c.ForwardToAssociationCode).MaximumLength(TextRules.CodeMaxLength);
            RuleFor(c => c.ForwardToAssociationCode).NotEmpty().When(c => c.Resolution == Resolution.Forwarded)
                .WithMessage("Forwarding names the association that takes the report over.");
            RuleFor(c => c.ForwardToAssociationCode).Null().When(c => c.Resolution != Resolution.Forwarded)
                .WithMessage("Only a forwarded report names another association.");
            RuleFor(c => c.FollowUpId).NotNull().When(c => c.Resolution == Resolution.StructuralFollowUp && c.NewFollowUp is null)
                .WithMessage("A structural follow-up names the follow-up the report goes to (followUpId) or starts one (newFollowUp).");
            RuleFor(c => c.FollowUpId).Null().When(c => c.Resolution != Resolution.StructuralFollowUp)
                .WithMessage("Only a report closed for structural follow-up names a follow-up.");
            RuleFor(c => c.NewFollowUp).Null().When(c => c.Resolution != Resolution.StructuralFollowUp)
                .WithMessage("Only a report closed for structural follow-up starts a follow-up.");
            RuleFor(c => c.FollowUpId).Null().When(c => c.NewFollowUp is not null)
                .WithMessage("Name a follow-up (followUpId) or start one (newFollowUp), not both.");
            // The new follow-up's fields are rules of the command's own (named NewFollowUp.Title …), as every nested member is.
            When(c => c.NewFollowUp is not null, () =>
            {
                RuleFor(c => c.NewFollowUp!.Title).FreeText(CreateFollowUp.TitleMaxLength);
                RuleFor(c => c.NewFollowUp!.Decision).MaximumLength(CreateFollowUp.TextMaxLength).NoControlCharacters();
                RuleFor(c => c.NewFollowUp!.OwnerGroupId).NotNull();
                RuleFor(c => c.NewFollowUp!.DueOn).DueDate(time);
            });
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time, LifecycleOptions lifecycle)
        : ICommandHandler<Command, ReportStateResponse>
    {
        private const string OpenReferrals = """
            SELECT p.name FROM referrals f JOIN parties p ON p.id = f.party_id
            WHERE f.report_id = @Id AND f.status = 'open'
            ORDER BY p.name COLLATE Finnish_Swedish_100_CI_AS
            """;

        private const string LeaveUnanswered = "UPDATE referrals SET status = 'unanswered', ended_at = @Now WHERE report_id = @Id AND status = 'open'";

        private const string Survivor = "SELECT association_id, queue_id FROM reports WHERE id = @Id";
        private const string LinkDuplicate = "UPDATE reports SET duplicate_of_report_id = @SurvivorId WHERE id = @Id";
        private const string TargetAssociation = "SELECT id FROM associations WHERE code = @Code";

        public async ValueTask<ReportStateResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var actor = Actor.Of(caller);
            // The report first: a party answering its last referral while the group closes must not be left open or lost.
            await TransactionLocks.ReportAsync(session, command.ReportId, cancellationToken);
            var report = await TriageGuard.LoadForChangeAsync(session, caller, command, cancellationToken);
            var now = time.GetUtcNow();
            var resolution = command.Resolution!.Value;

            // The lifecycle decides first, so an illegal close is a 409 before anything is linked or copied.
            ReportLifecycle.Decide(report.Status, ReportAction.Close, resolution).ThrowIfRefused();
            if (report.Status == ReportStatus.NeedsInfo)
                await EnsureSilenceAsync(report, now, cancellationToken);

            IReadOnlyList<string> unanswered = [];
            if (report.Status == ReportStatus.Referred)
            {
                var counts = await session.QuerySingleAsync<ReferralStatuses.Counts>(
                    ReferralStatuses.CountsOfReport, new { ReportId = report.Id }, cancellationToken);
                if (resolution == Resolution.Answered && counts.AnsweredCount == 0)
                    throw Invalid(nameof(Command.Resolution), "No party has answered yet: the report cannot be closed as answered.");
                unanswered = [.. await session.QueryAsync<string>(OpenReferrals, new { report.Id }, cancellationToken)];
                await session.ExecuteAsync(LeaveUnanswered, new { report.Id, Now = now }, cancellationToken);
            }
            object? data = null;
            if (resolution == Resolution.Duplicate)
            {
                var survivorId = command.DuplicateOfReportId!.Value;
                var survivor = await session.QuerySingleOrDefaultAsync<SurvivorRow>(
                    Survivor, new { Id = survivorId }, cancellationToken);
                if (survivor?.AssociationId != report.AssociationId || survivorId == report.Id)
                    throw Invalid(nameof(Command.DuplicateOfReportId), "The surviving report must be another report of the same association.");
                // The survivor's history gets an event: the caller must triage it too.
                await ReportAccess.EnsureCanTriageAsync(session, caller, report.AssociationId, survivor.QueueId, cancellationToken);

                await session.ExecuteAsync(LinkDuplicate, new { report.Id, SurvivorId = survivorId },
                    cancellationToken);
                await ReportEvents.AppendAsync(session, survivorId, ReportEvents.DuplicateLinked, actor, null, null,
                    $"{report.Reference} was closed as a duplicate of this report.", now, cancellationToken,
                    JsonSerializer.Serialize(new { duplicateReportId = report.Id, duplicate = report.Reference }));
                data = new { duplicateOfReportId = survivorId };
            }
            else if (resolution == Resolution.Forwarded)
            {
                var targetId = await session.QuerySingleOrDefaultAsync<Guid?>(
                    TargetAssociation, new { Code = Codes.Canonical(command.ForwardToAssociationCode) }, cancellationToken)
                    ?? throw Invalid(nameof(Command.ForwardToAssociationCode), $"Unknown association '{command.ForwardToAssociationCode}'.");
                var copy = await ReportForwarding.ForwardAsync(session, report, targetId, SwedishCalendar.Now(time).Year, actor, now, cancellationToken);
                data = new { forwardedToReportId = copy.Id, forwardedTo = copy.Reference, association = copy.AssociationName };
            }
            else if (resolution == Resolution.StructuralFollowUp && command.NewFollowUp is { } newFollowUp)
            {
                var followUpId = await FollowUpFromClosure.StartAsync(session, caller, report, newFollowUp, actor, now, cancellationToken);
                data = new { resolution = Codes.Of(resolution), followUpId, followUp = newFollowUp.Title!.Trim(), followUpStarted = true };
            }
            else if (resolution == Resolution.StructuralFollowUp)
            {
                var followUp = await FollowUpStore.FindAsync(session, command.FollowUpId!.Value, cancellationToken);
                if (followUp is null || followUp.AssociationId != report.AssociationId || !FollowUpRules.TakesReports(followUp.Status))
                    throw Invalid(nameof(Command.FollowUpId), "The follow-up must be a follow-up of the report's association that is not done.", command.FollowUpId);
                // Linking writes into the follow-up's log: as a patch that adds reports, it takes its owner group.
                await FollowUpStore.EnsureOwnerAsync(session, caller, followUp, cancellationToken);

                // The follow-up's row first: it orders the follow-up's log against a concurrent change.
                await FollowUpStore.TouchAsync(session, followUp.Id, now, cancellationToken);
                await FollowUpStore.LinkReportsAsync(session, followUp.Id, followUp.Title, [report.Id], actor, now, cancellationToken);
                data = new { resolution = Codes.Of(resolution), followUpId = followUp.Id, followUp = followUp.Title };
            }

            var closure = JsonSerializer.SerializeToNode(data ?? new { resolution = Codes.Of(resolution) })!.AsObject();
            if (unanswered.Count > 0)
                closure["unansweredParties"] = new JsonArray([.. unanswered.Select(party => JsonValue.Create(party))]);
            var updated = await ReportTransitions.ApplyAsync(session, report, ReportAction.Close, resolution, ReportEvents.Closed,
                actor, command.Reason!, now, cancellationToken, closure.ToJsonString());

            if (command.MessageToReporter is { } message)
            {
                await ReportMessages.AddAsync(session, report.Id, ReportMessages.Closure, message.Trim(), now, cancellationToken);
            }

            await Notifier.NotifyReporterAsync(session, report.Id, Notifier.KindClosure, $"{report.Id:N}-{updated.Version}",
                $"Din avvikelse {report.Reference} är avslutad",
                $"Avvikelsen {report.Reference} är avslutad.{(command.MessageToReporter is { } m ? "\n\n" + m.Trim() : "")}\n\nMer finns på kvittosidan."
                + $"\n\n{FeedbackQuestion}",
                now, cancellationToken);
            return ReportStateResponse.From(updated);
        }

        /// <summary>A report waiting for the reporter closes only once the last question has gone unanswered long enough.</summary>
        private async Task EnsureSilenceAsync(ReportSnapshot report, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var asked = await ReportMessages.LastQuestionAtAsync(session, report.Id, cancellationToken);
            if (asked is { } askedAt && !ReportLifecycle.SilenceAllowsClosing(askedAt, now, lifecycle.CloseAfterSilenceDays))
            {
                var allowed = ReportLifecycle.AllowedActions(report.Status);
                throw new IllegalTransitionException(new TransitionDecision(false, report.Status, report.Status, allowed,
                    $"The question to the reporter was asked {askedAt:yyyy-MM-dd}: a report that is {Codes.Of(report.Status)} can be closed once it has "
                    + $"gone unanswered for {lifecycle.CloseAfterSilenceDays} days, from {askedAt.AddDays(lifecycle.CloseAfterSilenceDays):yyyy-MM-dd}. "
                    + "Withdraw the question (question-withdrawal) to close it now."));
            }
        }

        private sealed class SurvivorRow
        {
            public Guid AssociationId { get; init; }
            public Guid? QueueId { get; init; }
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapStateChange("/closure", Endpoint, "CloseReport", "Close the report with a resolution");

    public static Task<Ok<ReportStateResponse>> Endpoint(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] Command command,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken) =>
        TriageGuard.SendAsync(command, id, ifMatch, mediator, httpContext, cancellationToken);
}
