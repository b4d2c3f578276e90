namespace LexHeller.Api.Data.Resilience;

/// <summary>
/// A transient fault struck while a transaction was being committed, and the work carried no
/// idempotency key: the change may or may not have been stored, so it is not run again (that could
/// store it twice). The client is told so (503, without Retry-After), rather than to simply repeat it.
/// </summary>
public sealed class CommitOutcomeUnknownException(Exception fault)
    : Exception("A transient database fault struck while the change was being committed; it may or may not have been stored.", fault);
