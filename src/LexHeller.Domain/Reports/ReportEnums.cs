namespace LexHeller.Domain.Reports;

/// <summary>Whether the failure happened or nearly happened (a near miss).</summary>
public enum ReportKind
{
    Occurred,
    Risk,
}

/// <summary>The affected person's gender, for statistics only.</summary>
public enum AffectedGender
{
    Woman,
    Man,
    Other,
    NotStated,
}

/// <summary>The kind of organisation a party is.</summary>
public enum PartyKind
{
    Municipality,
    Region,
    SocialInsurance,
    EmploymentService,
    Other,
}
