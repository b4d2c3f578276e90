using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure.Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Triage;

/// <summary>Publish (or replace) the redacted public summary of an answered report. It never names the reporter.</summary>
public static class PublishReport
{
    public const int SummaryMaxLength = 4000;

    [Description("A redacted public summary of an answered report.")]
    public sealed record Command(
        [property: Description("The summary to publish; written for the public, with nothing that identifies anyone.")] string? Summary)
        : TriageCommand
    {
        public override IEnumerable<(string Field, string? Text)> FreeText() => [("summary", Summary), ("reason", Reason)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).WrittenReason();
            RuleFor(c => c.Summary).FreeText(SummaryMaxLength);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, ReportStateResponse>
    {
        private const string Replace = """
            DELETE FROM publications WHERE report_id = @ReportId;
            INSERT INTO publications (report_id, summary, published_at, published_by) VALUES (@ReportId, @Summary, @Now, @Actor);
            """;

        public async ValueTask<ReportStateResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var actor = Actor.Of(caller);
            var report = await TriageGuard.LoadForChangeAsync(session, caller, command, cancellationToken);
            var now = time.GetUtcNow();
            var updated = await ReportTransitions.ApplyAsync(session, report, ReportAction.Publish, null, ReportEvents.Published,
                actor, command.Reason!, now, cancellationToken);
            await session.ExecuteAsync(Replace,
                new { ReportId = report.Id, Summary = command.Summary!.Trim(), Now = now, Actor = actor }, cancellationToken);
            return ReportStateResponse.From(updated);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapStateChange("/publication", Endpoint, "PublishReport", "Publish a redacted summary of an answered report");

    public static Task<Ok<ReportStateResponse>> Endpoint(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] Command command,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken) =>
        TriageGuard.SendAsync(command, id, ifMatch, mediator, httpContext, cancellationToken);
}
