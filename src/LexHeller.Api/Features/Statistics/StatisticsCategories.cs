namespace LexHeller.Api.Features.Statistics;

/// <summary>The failure categories statistics list: every active one, in the taxonomy's order, with its Swedish label.</summary>
public sealed record CategoryLabel(string Code, string Label);

public static class StatisticsCategories
{
    private const string Categories = "SELECT code, label_sv AS label, is_active FROM categories ORDER BY sort_order, code";

    /// <summary>
    /// Every active category, and an inactive one only when it was counted (an administrator retired it
    /// after reports were filed under it: their counts must not vanish).
    /// </summary>
    public static async Task<IReadOnlyList<CategoryLabel>> ListAsync(DbSession session, IReadOnlySet<string> counted, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync<Row>(Categories, null, cancellationToken);
        return [.. rows.Where(row => row.IsActive || counted.Contains(row.Code)).Select(row => new CategoryLabel(row.Code, row.Label))];
    }

    private sealed class Row
    {
        public string Code { get; init; } = "";
        public string Label { get; init; } = "";
        public bool IsActive { get; init; }
    }
}
