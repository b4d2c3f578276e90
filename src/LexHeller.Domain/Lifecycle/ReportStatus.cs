namespace LexHeller.Domain.Lifecycle;

/// <summary>Where a report is in its lifecycle (docs/domain.md#lifecycle).</summary>
public enum ReportStatus
{
    Received,
    InTriage,
    NeedsInfo,
    Referred,
    Answered,
    Closed,
}
