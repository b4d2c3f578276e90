using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// Takes words out of every free text of a report (a name that slipped through, a detail that identifies someone):
/// each occurrence becomes <see cref="Redaction.Marker"/>, and the original is kept nowhere (<see cref="Redaction"/>).
/// The history says that a redaction happened, by whom and why — never what was removed. Allowed in every state.
/// </summary>
public static class RedactReport
{
    public const string Redacted = "redacted";
    public const int TextMinLength = 2;
    public const int TextMaxLength = 500;

    [Description("Words to take out of every free text of the report.")]
    public sealed record Command(
        [property: Description("The words to remove, exactly as written (any case); each occurrence becomes \"[borttaget]\". Never stored.")] string? Text)
        : TriageCommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).WrittenReason();
            RuleFor(c => c.Text).Must(text => text?.Trim().Length >= TextMinLength)
                .WithMessage($"Write the words to remove: at least {TextMinLength} characters.")
                .MaximumLength(TextMaxLength)
                .NoControlCharacters();
            // The reason is kept in the history: it must not carry what is taken out.
            RuleFor(c => c.Reason).Must((command, reason) => command.Text is not { } text || string.IsNullOrWhiteSpace(text)
                    || reason?.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase) != true)
                .WithMessage("The reason must not repeat the words that are removed.");
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, ReportStateResponse>
    {
        private const string Touch = "UPDATE reports SET version = version + 1, updated_at = @Now WHERE id = @Id AND version = @Version";

        public async ValueTask<ReportStateResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var report = await TriageGuard.LoadForChangeAsync(session, caller, command, cancellationToken);
            var now = time.GetUtcNow();

            // The report's row first (its version): a concurrent change waits, or finds its If-Match stale.
            if (await session.ExecuteAsync(Touch, new { report.Id, report.Version, Now = now }, cancellationToken) == 0)
                throw new PreconditionFailedException((await ReportTransitions.LoadAsync(session, report.Id, cancellationToken)).ETag);

            var texts = await Redaction.RedactAsync(session, report.Id, command.Text!.Trim(), cancellationToken);
            if (texts == 0)
                throw ValidationFailures.Invalid("text", "The words occur in none of the report's texts.", command.Text);

            await ReportEvents.AppendAsync(session, report.Id, Redacted, Actor.Of(caller), null, null, command.Reason!, now,
                cancellationToken, JsonSerializer.Serialize(new { texts }));
            return ReportStateResponse.From(report with { Version = report.Version + 1 });
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder report) =>
        report.MapStateChange("/redactions", Endpoint, "RedactReport", "Remove words from every free text of the report (any state)");

    public static Task<Ok<ReportStateResponse>> Endpoint(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] Command command,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken) =>
        TriageGuard.SendAsync(command, id, ifMatch, mediator, httpContext, cancellationToken);
}
