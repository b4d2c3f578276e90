namespace LexHeller.Domain.Reports;

/// <summary>
/// A report's human reference, <c>LH-YYYY-NNNNN</c>: gapless per association and year. The
/// sequence is allocated by storage inside the submitting transaction.
/// </summary>
public readonly record struct ReportReference(int Year, int Sequence)
{
    public const int MaxSequence = 99_999;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"LH-{Year:D4}-{Sequence:D5}");

    public static ReportReference Create(int year, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);
        return new ReportReference(year, sequence);
    }
}
