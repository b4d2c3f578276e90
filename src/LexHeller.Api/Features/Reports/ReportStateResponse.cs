namespace LexHeller.Api.Features.Reports;

/// <summary>What every workflow call answers: the report's new state and version (also sent as ETag).</summary>
public sealed record ReportStateResponse(Guid Id, string Reference, ReportStatus Status, Resolution? Resolution, int Version, IReadOnlyList<ReportAction> AllowedActions)
{
    public static ReportStateResponse From(ReportSnapshot report) =>
        new(report.Id, report.Reference, report.Status, report.Resolution, report.Version, ReportLifecycle.AllowedActions(report.Status));
}
