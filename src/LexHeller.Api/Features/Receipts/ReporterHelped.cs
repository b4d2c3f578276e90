namespace LexHeller.Api.Features.Receipts;

/// <summary>The reporter's answer to "Ledde svaret till en förbättring?" on a closed report.</summary>
public enum ReporterHelped
{
    Yes,
    Partly,
    No,
    Unknown,
}
