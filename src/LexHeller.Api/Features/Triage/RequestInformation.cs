using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Triage;

/// <summary>Ask the reporter a question (→ needs-info). The question shows on the receipt and is e-mailed when a contact was given.</summary>
public static class RequestInformation
{
    public const int QuestionMaxLength = 2000;

    [Description("A question to the reporter.")]
    public sealed record Command(
        [property: Description("The question, shown to the reporter on the receipt.")] string? Question) : TriageCommand
    {
        public override IEnumerable<(string Field, string? Text)> FreeText() => [("question", Question), ("reason", Reason)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).WrittenReason();
            RuleFor(c => c.Question).FreeText(QuestionMaxLength);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, ReportStateResponse>
    {
        public async ValueTask<ReportStateResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var report = await TriageGuard.LoadForChangeAsync(session, caller, command, cancellationToken);
            var now = time.GetUtcNow();
            var updated = await ReportTransitions.ApplyAsync(session, report, ReportAction.RequestInformation, null,
                ReportEvents.InformationRequested, Actor.Of(caller), command.Reason!, now, cancellationToken);

            var messageId = await ReportMessages.AddAsync(session, report.Id, ReportMessages.Question, command.Question!.Trim(), now, cancellationToken);

            await Notifier.NotifyReporterAsync(session, report.Id, Notifier.KindInformationRequest, messageId.ToString("N"),
                $"Fråga om din avvikelse {report.Reference}",
                $"Styrgruppen har en fråga om avvikelsen {report.Reference}:\n\n{command.Question!.Trim()}\n\n"
                + "Svara på kvittosidan: länken nedan leder dit.",
                now, cancellationToken);
            return ReportStateResponse.From(updated);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapStateChange("/information-requests", Endpoint, "RequestInformation", "Ask the reporter a question (→ needs-info)");

    public static Task<Ok<ReportStateResponse>> Endpoint(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] Command command,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken) =>
        TriageGuard.SendAsync(command, id, ifMatch, mediator, httpContext, cancellationToken);
}
