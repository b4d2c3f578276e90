namespace LexHeller.Api.Features.Statistics;

/// <summary>
/// The failure categories an association's statistics list: every active national one and every active one of
/// the association's own, in the taxonomy's order, each with its current Swedish label.
/// </summary>
public sealed record CategoryLabel(string Code, string Label);

public static class StatisticsCategories
{
    private const string Categories = """
        SELECT code, label_sv AS label, is_active FROM categories
        WHERE association_id IS NULL OR association_id = @AssociationId
        ORDER BY sort_order, code
        """;

    /// <summary>
    /// Every active category, and an inactive one only when it was counted (an administrator retired it
    /// after reports were filed under it: their counts must not vanish).
    /// </summary>
    public static async Task<IReadOnlyList<CategoryLabel>> ListAsync(DbSession session, Guid associationId, IReadOnlySet<string> counted, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<Row>(Categories, new { AssociationId = associationId }, cancellationToken);
        return [.. rows.Where(row => row.IsActive || counted.Contains(row.Code)).Select(row => new CategoryLabel(row.Code, row.Label))];
    }

    private sealed class Row
    {
        public string Code { get; init; } = "";
        public string Label { get; init; } = "";
        public bool IsActive { get; init; }
    }
}
