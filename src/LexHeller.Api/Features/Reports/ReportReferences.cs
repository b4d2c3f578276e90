namespace LexHeller.Api.Features.Reports;

/// <summary>
/// The one place a report's reference is allocated: filing, forwarding (the copy's reference in the receiving
/// association) and an import of an old register all take the next one here, so every reference carries its
/// association's own prefix and the series stays gapless.
/// </summary>
public static class ReportReferences
{
    private const string Prefix = "SELECT reference_prefix FROM associations WHERE id = @AssociationId";

    /// <summary>
    /// The association's next reference for <paramref name="year"/>: its prefix (<c>associations.reference_prefix</c>)
    /// and the next value of its counter for the year (<c>reference_counters</c>). Runs in the caller's transaction,
    /// so a rollback leaves no gap; the reference's columns are <c>reference</c> (its text), <c>reference_year</c>
    /// and <c>reference_sequence</c>.
    /// </summary>
    public static async Task<ReportReference> NextAsync(DbSession session, Guid associationId, int year, CancellationToken cancellationToken)
    {
        var prefix = await session.QuerySingleOrDefaultAsync<string>(Prefix, new { AssociationId = associationId }, cancellationToken)
            ?? throw new NotFoundException($"Association '{associationId}'");
        var sequence = await session.ExecuteScalarAsync<int>(session.Dialect.NextReferenceSequence,
            new { AssociationId = associationId, Year = year }, cancellationToken);
        return ReportReference.Create(prefix, year, sequence);
    }
}
