using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Patterns;
using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// Start triage: confirm the category (the reporter only suggested one) and, if need be, move the report to another queue.
/// A confirmed category may complete a pattern, which is looked for in the same transaction. A category that changes
/// what the report was routed by routes it again (unless the triager chose the queue): it may move to another group's
/// queue, whose members are told (docs/domain.md, "Re-routing").
/// </summary>
public static class TriageReport
{
    [Description("Confirm the category and queue and start triage.")]
    public sealed record Command(
        [property: Description("The confirmed category; the reporter's suggestion when left out.")] string? Category = null,
        [property: Description("Another queue of the same association to move the report to.")] Guid? QueueId = null) : TriageCommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).WrittenReason();
            RuleFor(c => c.Category).MaximumLength(50);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, ReportStateResponse>
    {
        // A national category, or one of the report's association's own.
        private const string Category = """
            SELECT COUNT(*) FROM categories
            WHERE code = @Code AND is_active = 1 AND (association_id IS NULL OR association_id = @AssociationId)
            """;
        private const string Queue = "SELECT COUNT(*) FROM queues WHERE id = @QueueId AND association_id = @AssociationId";
        private const string CurrentCategory = "SELECT effective_category FROM reports WHERE id = @Id";
        private const string Confirm = """
            UPDATE reports SET category = COALESCE(@Category, category, suggested_category), queue_id = COALESCE(@QueueId, queue_id)
            WHERE id = @Id
            """;

        public async ValueTask<ReportStateResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var report = await TriageGuard.LoadForChangeAsync(session, caller, command, cancellationToken);
            // 'Handover' and ' handover ' are the category 'handover': stored and counted as one on every engine.
            command = command with { Category = Codes.Canonical(command.Category) };

            if (command.Category is not null && await session.ScalarAsync<int>(
                    Category, new { Code = command.Category, report.AssociationId }, cancellationToken) == 0)
                throw ValidationFailures.Invalid(nameof(Command.Category), $"Unknown category '{command.Category}'.");
            if (command.QueueId is not null && await session.ScalarAsync<int>(
                    Queue, new { command.QueueId, report.AssociationId }, cancellationToken) == 0)
                throw ValidationFailures.Invalid(nameof(Command.QueueId), "The queue is not a queue of the report's association.");

            var previousCategory = await session.ScalarAsync<string>(CurrentCategory, new { report.Id }, cancellationToken);
            // The queue the page shows preselected is no choice: only another queue than the report's is the triager's move.
            var queueChosen = command.QueueId is { } chosenQueue && chosenQueue != report.QueueId;
            var now = time.GetUtcNow();
            var updated = await ReportTransitions.ApplyAsync(session, report, ReportAction.Triage, null, ReportEvents.Triaged,
                Actor.Of(caller), command.Reason!, now, cancellationToken,
                JsonSerializer.Serialize(new { category = command.Category, queueId = command.QueueId }));
            await session.ExecuteAsync(Confirm, new { report.Id, command.Category, command.QueueId },
                cancellationToken);
            if (command.Category is not null)
                await PatternDetection.CheckAsync(session, report.Id, now, cancellationToken);
            updated = updated with { QueueId = command.QueueId ?? report.QueueId };

            if (!queueChosen && command.Category is not null && command.Category != previousCategory
                && await ReportRouting.RerouteAsync(session, report.Id, report.AssociationId, ReportRouting.SystemActor, "category", now, cancellationToken)
                    is { } moved)
            {
                updated = updated with { QueueId = moved.QueueId };
                await TellNewGroupAsync(report, moved, updated.Version, now, cancellationToken);
                // The triager who changed the category may sit only in the group the report left: the new state stands,
                // but nothing more is theirs to do (allowedActions is empty, and the report is no longer theirs to read).
                if (!(await ReportAccess.TriageableAsync(session, caller, report.AssociationId, cancellationToken)).Covers(moved.QueueId))
                    return ReportStateResponse.From(updated) with { AllowedActions = [] };
            }

            return ReportStateResponse.From(updated);
        }

        /// <summary>Tells each member of the group that owns the new queue; the report has moved, so it is that group's members who are told.</summary>
        private Task TellNewGroupAsync(ReportSnapshot report, RerouteOutcome moved, int version, DateTimeOffset now, CancellationToken cancellationToken) =>
            Notifier.NotifyGroupAsync(session, report.Id, Notifier.KindGroupRerouted, $"{report.Id:N}:{version}",
                $"Avvikelse {report.Reference} har flyttats till {moved.Queue}",
                $"Avvikelsen {report.Reference} har flyttats till kön {moved.Queue} sedan kategorin ändrades vid beredningen.\n\n"
                + $"Förbundets regel som avgjorde: ”{moved.Rule}”.",
                now, cancellationToken);
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapStateChange("/triage", Endpoint, "TriageReport", "Confirm category and queue and start triage");

    public static Task<Ok<ReportStateResponse>> Endpoint(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] Command command,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken) =>
        TriageGuard.SendAsync(command, id, ifMatch, mediator, httpContext, cancellationToken);
}
