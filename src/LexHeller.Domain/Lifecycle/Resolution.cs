namespace LexHeller.Domain.Lifecycle;

/// <summary>How a closed report ended (docs/domain.md#lifecycle).</summary>
public enum Resolution
{
    Answered,
    ResolvedLocally,
    StructuralFollowUp,
    NotActionable,
    OutOfScope,
    Duplicate,
    Forwarded,
}
