using LexHeller.Api.Features.Notifications;
using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Receipts;

/// <summary>
/// The reporter answers "Ledde svaret till en förbättring?" on a closed report, through the receipt. One answer per
/// closure, not changed afterwards (a second one is a 409): a report reopened and closed again is asked again.
/// "No" is a contest: the steering group is told and may reopen the report; the history says so either way.
/// </summary>
public static class PostReceiptFeedback
{
    public const int CommentMaxLength = 2000;

    [Description("The reporter's answer to whether the closed report's answer led to an improvement.")]
    public sealed record Command(
        [property: Description("yes, partly, no or unknown (don't know). \"no\" contests the outcome: the steering group is told.")] ReporterHelped? Helped,
        [property: Description("Optional; de-identified like the report.")] string? Comment = null) : ICommand<Response>, IHaveFreeText
    {
        [JsonIgnore]
        public string Token { get; init; } = "";

        public IEnumerable<(string Field, string? Text)> FreeText() => [("comment", Comment)];
    }

    public sealed record Response(string Reference, ReporterHelped Helped, DateTimeOffset AnsweredAt, bool Contested);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Helped).NotNull().IsInEnum();
            RuleFor(c => c.Comment).FreeText(CommentMaxLength).When(c => c.Comment is not null);
            RuleFor(c => c.Token).MaximumLength(TextRules.CodeMaxLength);
        }
    }

    public sealed class Handler(DbSession session, TimeProvider time) : ICommandHandler<Command, Response>
    {
        private const string Closure = "SELECT reference, status, closed_at FROM reports WHERE id = @ReportId";

        private const string Answered = "SELECT COUNT(*) FROM reporter_feedback WHERE report_id = @ReportId AND closed_at = @ClosedAt";

        private const string Insert = """
            INSERT INTO reporter_feedback (report_id, closed_at, helped, comment, answered_at)
            VALUES (@ReportId, @ClosedAt, @Helped, @Comment, @Now)
            """;

        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var reportId = await ReceiptTokens.FindReportAsync(session, command.Token, cancellationToken)
                ?? throw new NotFoundException("Receipt");
            // The report's row first: two answers sent at once take turns, and the second finds the first.
            await TransactionLocks.ReportAsync(session, reportId, cancellationToken);
            var report = await session.QuerySingleAsync<ClosureRow>(Closure, new { ReportId = reportId }, cancellationToken);
            if (report.Status != Codes.Of(ReportStatus.Closed) || report.ClosedAt is not { } closedAt)
                throw new ConflictException(ConflictTitles.NotClosed, "The report is not closed: the question is asked when it is.");
            if (await session.ScalarAsync<int>(Answered, new { ReportId = reportId, ClosedAt = closedAt }, cancellationToken) > 0)
                throw new ConflictException(ConflictTitles.FeedbackGiven, "The reporter has already answered for this closure; the answer is not changed.");

            var now = time.GetUtcNow();
            var helped = command.Helped!.Value;
            var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim();
            await session.ExecuteAsync(Insert, new { ReportId = reportId, ClosedAt = closedAt, Helped = Codes.Of(helped), Comment = comment, Now = now },
                cancellationToken);

            var contested = helped == ReporterHelped.No;
            var data = JsonSerializer.Serialize(new { helped = Codes.Of(helped) });
            if (contested)
            {
                await ReportEvents.AppendAsync(session, reportId, ReportEvents.ReporterContested, "reporter", null, null,
                    "The reporter answered that the answer did not lead to an improvement.", now, cancellationToken, data);
                await Notifier.NotifyGroupAsync(session, reportId, Notifier.KindGroupContest, $"{reportId:N}-{closedAt.UtcTicks}",
                    $"Rapportören är inte nöjd med avvikelse {report.Reference}",
                    $"Rapportören har svarat att svaret på avvikelsen {report.Reference} inte ledde till en förbättring."
                    + (comment is null ? "" : $"\n\nRapportörens kommentar:\n{comment}")
                    + "\n\nStyrgruppen kan öppna avvikelsen igen från avvikelsens sida i Lex Heller.",
                    now, cancellationToken);
            }
            else
            {
                await ReportEvents.AppendAsync(session, reportId, ReportEvents.ReporterFeedback, "reporter", null, null,
                    "The reporter answered whether the answer led to an improvement.", now, cancellationToken, data);
            }

            return new Response(report.Reference, helped, now, contested);
        }

        private sealed class ClosureRow
        {
            public string Reference { get; init; } = "";
            public string Status { get; init; } = "";
            public DateTimeOffset? ClosedAt { get; init; }
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder receipts) =>
        receipts.MapPost("/{token}/feedback", Endpoint)
            .WithName("PostReceiptFeedback")
            .WithSummary("The reporter answers whether the answer led to an improvement")
            .WithDescription("Anyone holding the receipt token, while the report is closed; one answer per closure, not changed afterwards (409). "
                + "\"no\" contests the outcome: each member of the steering group is told, and may reopen the report.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static async Task<Ok<Response>> Endpoint(string token, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with { Token = token }, cancellationToken));
}
