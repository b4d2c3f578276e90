using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Triage;

/// <summary>Reopen a closed report (→ in-triage); its resolution is cleared.</summary>
public static class ReopenReport
{
    [Description("Reopen a closed report.")]
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
            var updated = await ReportTransitions.ApplyAsync(session, report, ReportAction.Reopen, null, ReportEvents.Reopened,
                Actor.Of(caller), command.Reason!, time.GetUtcNow(), cancellationToken);
            return ReportStateResponse.From(updated);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapStateChange("/reopening", Endpoint, "ReopenReport", "Reopen a closed report");

    public static Task<Ok<ReportStateResponse>> Endpoint(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] Command command,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken) =>
        TriageGuard.SendAsync(command, id, ifMatch, mediator, httpContext, cancellationToken);
}
