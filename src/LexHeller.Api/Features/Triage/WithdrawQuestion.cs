using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// Withdraw the question to the reporter (needs-info → in-triage): the group goes on without the answer. The question
/// stays on the receipt as asked; the reporter, when a contact e-mail was given, is told that no answer is needed.
/// </summary>
public static class WithdrawQuestion
{
    [Description("Withdraw the question to the reporter.")]
    public sealed record Command : TriageCommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).WrittenReason();
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, ReportStateResponse>
    {
        public async ValueTask<ReportStateResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var report = await TriageGuard.LoadForChangeAsync(session, caller, command, cancellationToken);
            var now = time.GetUtcNow();
            var updated = await ReportTransitions.ApplyAsync(session, report, ReportAction.WithdrawQuestion, null, ReportEvents.QuestionWithdrawn,
                Actor.Of(caller), command.Reason!, now, cancellationToken);

            await Notifier.NotifyReporterAsync(session, report.Id, Notifier.KindQuestionWithdrawn, $"{report.Id:N}-{updated.Version}",
                $"Frågan om din avvikelse {report.Reference} behöver inget svar",
                $"Styrgruppen har dragit tillbaka sin fråga om avvikelsen {report.Reference} och arbetar vidare utan svaret. Du behöver inte göra något.",
                now, cancellationToken);
            return ReportStateResponse.From(updated);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapStateChange("/question-withdrawal", Endpoint, "WithdrawQuestion", "Withdraw the question to the reporter (→ in-triage)");

    public static Task<Ok<ReportStateResponse>> Endpoint(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] Command command,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken) =>
        TriageGuard.SendAsync(command, id, ifMatch, mediator, httpContext, cancellationToken);
}
