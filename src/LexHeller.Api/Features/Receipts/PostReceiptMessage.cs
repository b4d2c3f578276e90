using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Receipts;

/// <summary>The reporter answers the steering group's question through the receipt; the report returns to in-triage.</summary>
public static class PostReceiptMessage
{
    public const int TextMaxLength = 4000;

    [Description("The reporter's reply to a question from the steering group.")]
    public sealed record Command([property: Description("The reply; de-identified like the report.")] string? Text) : ICommand<Response>, IHaveFreeText
    {
        [JsonIgnore]
        public string Token { get; init; } = "";

        public IEnumerable<(string Field, string? Text)> FreeText() => [("text", Text)];
    }

    public sealed record Response(string Reference, ReportStatus Status);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Text).FreeText(TextMaxLength);
            // Not the token's exact length: a near miss is a receipt not found (404), like any unknown token.
            RuleFor(c => c.Token).MaximumLength(TextRules.CodeMaxLength);
        }
    }

    public sealed class Handler(DbSession session, TimeProvider time) : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var reportId = await ReceiptTokens.FindReportAsync(session, command.Token, cancellationToken)
                ?? throw new NotFoundException("Receipt");

            var report = await ReportTransitions.LoadAsync(session, reportId, cancellationToken);
            if (report.Status != ReportStatus.NeedsInfo)
                throw new ConflictException(ConflictTitles.NoQuestionToAnswer, "The steering group has no open question for this report.");

            var now = time.GetUtcNow();
            var updated = await ReportTransitions.ApplyAsync(session, report, ReportAction.Clarify, null, ReportEvents.Clarified,
                "reporter", "The reporter answered the question.", now, cancellationToken);
            await ReportMessages.AddAsync(session, report.Id, ReportMessages.Reply, command.Text!.Trim(), now, cancellationToken);
            var (subject, body) = GroupMessages.ReporterReply(updated.Reference);
            await Notifier.NotifyGroupAsync(session, report.Id, Notifier.KindGroupReporterReply, $"{report.Id:N}-{updated.Version}", subject, body,
                now, cancellationToken);
            return new Response(updated.Reference, updated.Status);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder receipts) =>
        receipts.MapPost("/{token}/messages", Endpoint)
            .WithName("PostReceiptMessage")
            .WithSummary("The reporter answers the steering group's question")
            .WithDescription("Anyone holding the receipt token, while the report awaits a reply (needs-info); the report returns to in-triage.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static async Task<Ok<Response>> Endpoint(string token, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with { Token = token }, cancellationToken));
}
