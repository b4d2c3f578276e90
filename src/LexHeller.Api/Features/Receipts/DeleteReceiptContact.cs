using LexHeller.Api.Features.Privacy;
using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Receipts;

/// <summary>
/// The reporter withdraws their contact details through the receipt, at any time: the sealed contact is deleted
/// (as the retention job deletes it), the access log and the history say so without any of its content, and mail
/// still queued to the reporter finds no address when it is sent. Withdrawing what is not there is done already.
/// </summary>
public static class DeleteReceiptContact
{
    public sealed record Command(string Token) : ICommand<Response>;

    /// <summary><c>withdrawn</c> is false when there was no contact left to withdraw.</summary>
    public sealed record Response(bool Withdrawn);

    public const string Purpose = "withdrawn-by-reporter";

    private const string Actor = "reporter";

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Token).MaximumLength(TextRules.CodeMaxLength);
    }

    public sealed class Handler(DbSession session, TimeProvider time, ILogger<Handler> logger) : ICommandHandler<Command, Response>
    {
        private const string Withdraw = """
            UPDATE reporter_contacts SET sealed_contact = NULL, sealed_receipt_token = NULL, has_email = 0, purged_at = @Now
            WHERE report_id = @ReportId AND purged_at IS NULL
            """;

        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var reportId = await ReceiptTokens.FindReportAsync(session, command.Token, cancellationToken)
                ?? throw new NotFoundException("Receipt");
            var now = time.GetUtcNow();
            if (await session.ExecuteAsync(Withdraw, new { ReportId = reportId, Now = now }, cancellationToken) == 0)
                return new Response(false);

            await ReporterContacts.LogAsync(session, reportId, ReporterContacts.ActionPurged, Actor, Purpose, now, cancellationToken);
            await ReportEvents.AppendAsync(session, reportId, ReportEvents.ReporterContactWithdrawn, Actor, null, null,
                "The reporter withdrew their contact details.", now, cancellationToken);
            logger.LogInformation("The reporter withdrew the contact of report {ReportId}", reportId);
            return new Response(true);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder receipts) =>
        receipts.MapDelete("/{token}/contact", Endpoint)
            .WithName("DeleteReceiptContact")
            .WithSummary("The reporter withdraws their contact details")
            .WithDescription("Anyone holding the receipt token, at any time: the sealed contact is deleted and the history says so, "
                + "without its content. 204 also when there was nothing left to withdraw.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static async Task<NoContent> Endpoint(string token, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new Command(token), cancellationToken);
        return TypedResults.NoContent();
    }
}
