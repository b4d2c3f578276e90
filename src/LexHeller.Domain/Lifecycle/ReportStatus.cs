namespace LexHeller.Domain.Lifecycle;

/// <summary>Where a report is in its lifecycle (DOMAIN.md).</summary>
public enum ReportStatus
{
    Received,
    InTriage,
    NeedsInfo,
    Referred,
    Answered,
    Closed,
}
