namespace LexHeller.Domain.Reports;

/// <summary>
/// A report's human reference, <c>PREFIX-YYYY-NNNNN</c>: the association's own prefix (<c>LH</c> unless it
/// chose another), the year and a sequence that is gapless per association and year. The sequence is
/// allocated by storage inside the submitting transaction; it does not depend on the prefix, so an
/// association that changes its prefix keeps counting where it was.
/// </summary>
public readonly record struct ReportReference(string Prefix, int Year, int Sequence)
{
    public const int MaxSequence = 99_999;

    /// <summary>The prefix of an association that has not chosen one.</summary>
    public const string DefaultPrefix = "LH";

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{Year:D4}-{Sequence:D5}");

    /// <summary>Whether <paramref name="prefix"/> may start an association's references: two to six capital letters (A–Z) or digits.</summary>
    public static bool IsValidPrefix(string? prefix) =>
        prefix is { Length: >= 2 and <= 6 } && prefix.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9')
        // At least one letter: a cited reference of digits alone could read as part of a personal identity number.
        && prefix.Any(c => c is >= 'A' and <= 'Z');

    public static ReportReference Create(string prefix, int year, int sequence)
    {
        if (!IsValidPrefix(prefix))
            throw new ArgumentException($"A reference prefix is two to six capital letters or digits, at least one a letter, not '{prefix}'.", nameof(prefix));
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);
        return new ReportReference(prefix, year, sequence);
    }
}
