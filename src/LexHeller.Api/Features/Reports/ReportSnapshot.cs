namespace LexHeller.Api.Features.Reports;

/// <summary>The part of a report that the workflow decides on.</summary>
public sealed record ReportSnapshot(
    Guid Id,
    Guid AssociationId,
    Guid? QueueId,
    string Reference,
    ReportStatus Status,
    Resolution? Resolution,
    int Version)
{
    public string ETag => Versioning.ETag(Version);
}
