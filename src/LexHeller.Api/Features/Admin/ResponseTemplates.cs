namespace LexHeller.Api.Features.Admin;

/// <summary>
/// Response templates (docs/domain.md, "Response templates"): texts a triager or a responder starts from, per association
/// and category (or every category), for one purpose. They fill a form's text field; nothing is sent from a template.
/// </summary>
public static class ResponseTemplates
{
    public const string Question = "question";
    public const string Referral = "referral";
    public const string Answer = "answer";
    public const string Closure = "closure";

    public static readonly IReadOnlyList<string> Purposes = [Question, Referral, Answer, Closure];

    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 2000;

    /// <summary>A template as the API and the pages show it.</summary>
    public sealed record Template(Guid Id, string Purpose, string? Category, string Title, string Body, DateTimeOffset UpdatedAt);

    private const string Columns = "id, purpose, category, title, body, updated_at";

    private const string OfAssociation = $"""
        SELECT {Columns} FROM response_templates WHERE association_id = @AssociationId ORDER BY purpose, category, title, id
        """;

    // The category's own first, then those for every category; by title.
    private const string ForForm = $"""
        SELECT {Columns} FROM response_templates
        WHERE association_id = @AssociationId AND purpose = @Purpose AND (category = @Category OR category IS NULL)
        ORDER BY CASE WHEN category IS NULL THEN 1 ELSE 0 END, title, id
        """;

    public static async Task<IReadOnlyList<Template>> ListAsync(DbSession session, Guid associationId, CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<Row>(OfAssociation, new { AssociationId = associationId }, cancellationToken)).Select(row => row.ToTemplate())];

    /// <summary>The templates of one purpose that fit a report of <paramref name="category"/>.</summary>
    public static async Task<IReadOnlyList<Template>> ForFormAsync(DbSession session, Guid associationId, string purpose, string category,
        CancellationToken cancellationToken) =>
        [.. (await session.QueryAsync<Row>(ForForm, new { AssociationId = associationId, Purpose = purpose, Category = category }, cancellationToken))
            .Select(row => row.ToTemplate())];

    /// <summary>One template and the association it belongs to; null when there is none.</summary>
    public static async Task<(Guid AssociationId, Template Template)?> FindAsync(DbSession session, Guid id, CancellationToken cancellationToken) =>
        await session.QuerySingleOrDefaultAsync<Row>($"SELECT association_id, {Columns} FROM response_templates WHERE id = @Id", new { Id = id }, cancellationToken)
            is { } row ? (row.AssociationId, row.ToTemplate()) : null;

    private const string CategoryOfAssociation = """
        SELECT COUNT(*) FROM categories WHERE code = @Code AND (association_id IS NULL OR association_id = @AssociationId)
        """;

    /// <summary>Refuses (400 on <c>category</c>) a category that is neither national nor the association's own.</summary>
    public static async Task EnsureCategoryAsync(DbSession session, Guid associationId, string? category, CancellationToken cancellationToken)
    {
        if (category is not null && await session.ScalarAsync<int>(CategoryOfAssociation, new { Code = category, AssociationId = associationId }, cancellationToken) == 0)
            throw ValidationFailures.Invalid("category", $"Unknown category '{category}'.", category);
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public Guid AssociationId { get; init; }
        public string Purpose { get; init; } = "";
        public string? Category { get; init; }
        public string Title { get; init; } = "";
        public string Body { get; init; } = "";
        public DateTimeOffset UpdatedAt { get; init; }

        public Template ToTemplate() => new(Id, Purpose, Category, Title, Body, UpdatedAt);
    }
}
