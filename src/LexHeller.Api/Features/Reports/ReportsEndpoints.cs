using LexHeller.Api.Features.Privacy;
using LexHeller.Api.Features.Triage;

namespace LexHeller.Api.Features.Reports;

/// <summary>
/// The <c>/api/v1/reports</c> resource, in two groups: filing and reading a report (tag Reports, a policy per
/// route), and the steering group's work on one report under <c>/api/v1/reports/{id}/…</c> (tag Triage, for
/// triagers). The OpenAPI document lists paths in the order they are mapped: the work on a report follows
/// the queues (<see cref="QueuesEndpoints"/>), as it always has.
/// </summary>
public static class ReportsEndpoints
{
    /// <summary>Filing a report and reading one.</summary>
    public static RouteGroupBuilder MapReports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/reports").WithTags("Reports");

        SubmitReport.Map(group);
        GetReport.Map(group);
        GetSimilarReports.Map(group);
        return group;
    }

    /// <summary>The steering groups' work on one report: its history and notes, and every workflow step.</summary>
    public static RouteGroupBuilder MapReportWorkflow(this IEndpointRouteBuilder routes)
    {
        var report = routes.MapGroup("/api/v1/reports/{id:guid}").WithTags("Triage").RequireAuthorization(Policies.Triage)
            .ProducesStandardProblems();

        GetHistory.Map(report);
        GetContactAccessLog.Map(report);
        AddNote.Map(report);
        TriageReport.Map(report);
        RequestInformation.Map(report);
        WithdrawQuestion.Map(report);
        ReferReport.Map(report);
        WithdrawReferral.Map(report);
        CloseReport.Map(report);
        FindDuplicateCandidates.Map(report);
        ReopenReport.Map(report);
        PublishReport.Map(report);
        RedactReport.Map(report);
        GetReportTemplates.Map(report);
        return report;
    }
}
