namespace LexHeller.Api.Features.Admin;

/// <summary>
/// The failure categories as one association sees them: the national ones (<c>categories.association_id</c>
/// null, shared by every association) and the association's own, each with its notice, whether it blocks
/// submission, whether it is active, and the labels it has had (<c>category_labels</c>). An association's
/// notice on a national category (<c>category_notices</c>) is its own and shows only on its form.
/// </summary>
public static class AssociationCategories
{
    public const int LabelMaxLength = 200;
    public const int DescriptionMaxLength = 1000;
    public const int NoticeMaxLength = 1000;

    private const string Sql = """
        SELECT c.code, c.label_sv AS label, c.description_sv AS description, c.is_active, c.association_id,
               COALESCE(n.notice, c.notice) AS notice,
               CASE WHEN n.association_id IS NOT NULL THEN n.blocks_submission ELSE c.blocks_submission END AS blocks_submission
        FROM categories c
        LEFT JOIN category_notices n ON n.category_code = c.code AND n.association_id = @AssociationId
        WHERE c.association_id IS NULL OR c.association_id = @AssociationId
        ORDER BY c.sort_order, c.code;

        SELECT l.category_code, l.label, l.valid_from, l.valid_to
        FROM category_labels l
        JOIN categories c ON c.code = l.category_code
        WHERE c.association_id IS NULL OR c.association_id = @AssociationId
        ORDER BY l.category_code, l.valid_from;
        """;

    [Description("A failure category as an association sees it.")]
    public sealed record Category(
        [property: Description("The code reports and routing rules name (unique in the installation).")] string Code,
        [property: Description("The current label (Swedish).")] string Label,
        [property: Description("What the category covers (Swedish).")] string Description,
        [property: Description("Shown on the report form when the category is chosen; for a national category, this association's own notice.")] string? Notice,
        [property: Description("Whether a report of the category is refused, with the notice as the reason.")] bool BlocksSubmission,
        [property: Description("Retired categories are no longer offered, but old reports and statistics keep them.")] bool IsActive,
        [property: Description("True for a national category (shared by every association; only a notice of the association's own can be set on it).")] bool National,
        [property: Description("Every label the category has had, oldest first; the current one has no 'to'.")] IReadOnlyList<LabelPeriod> LabelHistory);

    public sealed record LabelPeriod(string Label, DateTimeOffset From, DateTimeOffset? To);

    /// <summary>What the audit log keeps of a category before and after a change.</summary>
    public sealed record Audited(string Code, string Label, string Description, string? Notice, bool BlocksSubmission, bool IsActive);

    public static Audited Audit(Category category) =>
        new(category.Code, category.Label, category.Description, category.Notice, category.BlocksSubmission, category.IsActive);

    public static async Task<IReadOnlyList<Category>> ListAsync(DbSession session, Guid associationId, CancellationToken cancellationToken)
    {
        await using var results = await session.QueryMultipleAsync(Sql, new { AssociationId = associationId }, cancellationToken);
        var rows = await results.ReadAsync<Row>();
        var labels = (await results.ReadAsync<LabelRow>()).ToLookup(row => row.CategoryCode, row => new LabelPeriod(row.Label, row.ValidFrom, row.ValidTo));
        return [.. rows.Select(row => new Category(row.Code, row.Label, row.Description, row.Notice, row.BlocksSubmission, row.IsActive,
            row.AssociationId is null, [.. labels[row.Code]]))];
    }

    public static async Task<Category> FindAsync(DbSession session, Guid associationId, string code, CancellationToken cancellationToken) =>
        (await ListAsync(session, associationId, cancellationToken)).FirstOrDefault(category => category.Code == code)
        ?? throw new NotFoundException($"Category '{code}'");

    /// <summary>
    /// Closes the label in force and opens <paramref name="label"/> from <paramref name="now"/>. A label that was
    /// in force for no time at all (two changes at one instant) is replaced rather than kept.
    /// </summary>
    public static Task RecordLabelAsync(DbSession session, string code, string label, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.ExecuteAsync("""
            DELETE FROM category_labels WHERE category_code = @Code AND valid_to IS NULL AND valid_from = @Now;
            UPDATE category_labels SET valid_to = @Now WHERE category_code = @Code AND valid_to IS NULL;
            INSERT INTO category_labels (category_code, label, valid_from, valid_to) VALUES (@Code, @Label, @Now, NULL);
            """, new { Code = code, Label = label, Now = now }, cancellationToken);

    /// <summary>A notice: one paragraph people read on the form, at most <see cref="NoticeMaxLength"/> characters.</summary>
    public static IRuleBuilderOptions<T, string?> CategoryNotice<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => text is null || !string.IsNullOrWhiteSpace(text)).WithMessage("'{PropertyName}' must not be blank: leave it out or send null instead.")
            .MaximumLength(NoticeMaxLength).NoControlCharacters();

    private sealed class Row
    {
        public string Code { get; init; } = "";
        public string Label { get; init; } = "";
        public string Description { get; init; } = "";
        public bool IsActive { get; init; }
        public Guid? AssociationId { get; init; }
        public string? Notice { get; init; }
        public bool BlocksSubmission { get; init; }
    }

    private sealed class LabelRow
    {
        public string CategoryCode { get; init; } = "";
        public string Label { get; init; } = "";
        public DateTimeOffset ValidFrom { get; init; }
        public DateTimeOffset? ValidTo { get; init; }
    }
}
