using LexHeller.Api.Features.Reports;

namespace LexHeller.Api.Features.Triage;

/// <summary>
/// What every triage command shares: the report it acts on and the version the caller last read
/// (both from the request line, not the body), and a written reason, which the report's history shows
/// to others: it is free text, guarded like every other.
/// </summary>
public abstract record TriageCommand : ICommand<ReportStateResponse>, IHaveFreeText
{
    public const int ReasonMaxLength = 2000;

    [JsonIgnore]
    public Guid ReportId { get; init; }

    [JsonIgnore]
    public int? ExpectedVersion { get; init; }

    /// <summary>Why: every state change is explained in the report's history.</summary>
    public string? Reason { get; init; }

    /// <summary>The reason; a command with more free text adds its own fields.</summary>
    public virtual IEnumerable<(string Field, string? Text)> FreeText() => [("reason", Reason)];
}
