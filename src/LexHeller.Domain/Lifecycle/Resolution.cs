namespace LexHeller.Domain.Lifecycle;

/// <summary>How a closed report ended (DOMAIN.md).</summary>
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
