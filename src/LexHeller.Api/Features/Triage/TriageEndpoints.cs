using LexHeller.Api.Infrastructure.Auth;

namespace LexHeller.Api.Features.Triage;

public static class TriageEndpoints
{
    /// <summary>The steering groups' work: queues, a report's history and notes, and every workflow step.</summary>
    public static RouteGroupBuilder MapTriage(this IEndpointRouteBuilder routes)
    {
        var queues = routes.MapGroup("/api/v1/queues").WithTags("Triage").RequireAuthorization(Policies.Triage)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        queues.MapGet("/", GetMyQueues.Endpoint)
            .WithName("GetMyQueues")
            .WithSummary("The caller's queues with counts, overdue reports and the next meeting's cut-off")
            .WithDescription("Queues of the steering groups the caller sits in. The cut-off is two weeks before the group's next meeting.");
        queues.MapGet("/{id:guid}/reports", GetQueueReports.Endpoint)
            .WithName("GetQueueReports")
            .WithSummary("A queue's reports, newest first, keyset-paged")
            .WithDescription("Filters: status (a report status code), overdue=true. Pass nextCursor back as cursor for the next page; limit 1–100.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        var reports = routes.MapGroup("/api/v1/reports/{id:guid}").WithTags("Triage").RequireAuthorization(Policies.Triage)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        reports.MapGet("/history", GetHistory.Endpoint)
            .WithName("GetReportHistory")
            .WithSummary("The report's event log")
            .WithDescription("Every event in order: who, when, from which state to which, the written reason and the event's data.");
        reports.MapGet("/reporter-contact/access-log", Privacy.GetContactAccessLog.Endpoint)
            .WithName("GetReporterContactAccessLog")
            .WithSummary("Who opened the reporter's contact, and its purge")
            .WithDescription("Every opening of the sealed contact (action read: the reader, and the purpose triage, referral or notification) and its purge "
                + "by retention (action purged), oldest first. Reading this log opens nothing.");
        reports.MapPost("/notes", AddNote.Endpoint)
            .WithName("AddReportNote")
            .WithSummary("Add an internal note (never shown to the reporter or a party)")
            .WithDescription("Triagers of the steering group that owns the report's queue. Not a state change: no If-Match.")
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        MapStateChange(reports, "/triage", TriageReport.Endpoint, "TriageReport", "Confirm category and queue and start triage");
        MapStateChange(reports, "/information-requests", RequestInformation.Endpoint, "RequestInformation", "Ask the reporter a question (→ needs-info)");
        MapStateChange(reports, "/referrals", ReferReport.Endpoint, "ReferReport", "Refer the report to a party with a question and a due date");
        MapStateChange(reports, "/closure", CloseReport.Endpoint, "CloseReport", "Close the report with a resolution");
        MapStateChange(reports, "/reopening", ReopenReport.Endpoint, "ReopenReport", "Reopen a closed report");
        MapStateChange(reports, "/publication", PublishReport.Endpoint, "PublishReport", "Publish a redacted summary of an answered report");
        return reports;
    }

    private static void MapStateChange(RouteGroupBuilder group, string pattern, Delegate handler, string name, string summary) =>
        group.MapPost(pattern, handler)
            .WithName(name)
            .WithSummary(summary)
            .WithDescription("Triagers of the steering group that owns the report's queue. Needs a written reason and If-Match with the "
                + "report's ETag: 428 without it, 412 when stale. Answers with the new state and ETag; 409 with allowedTransitions when "
                + "the report's state does not allow it.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
}
