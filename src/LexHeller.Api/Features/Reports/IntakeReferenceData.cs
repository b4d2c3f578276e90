namespace LexHeller.Api.Features.Reports;

/// <summary>
/// What intake needs to know about an association (its areas, parties and the active categories: the
/// national ones and its own, with those that block submission),
/// read once per request and shared by the validator and the handler.
/// </summary>
public sealed class IntakeReferenceData(DbSession session)
{
    private const string Sql = """
        SELECT id, code, name, allow_anonymous_intake FROM associations WHERE code = @Code;
        SELECT a.id, a.code FROM areas a JOIN associations s ON s.id = a.association_id WHERE s.code = @Code;
        SELECT p.id, p.kind FROM parties p JOIN associations s ON s.id = p.association_id WHERE s.code = @Code;
        SELECT c.code, COALESCE(n.notice, c.notice) AS notice,
               CASE WHEN n.association_id IS NOT NULL THEN n.blocks_submission ELSE c.blocks_submission END AS blocks_submission
        FROM categories c
        JOIN associations s ON s.code = @Code
        LEFT JOIN category_notices n ON n.category_code = c.code AND n.association_id = s.id
        WHERE c.is_active = 1 AND (c.association_id IS NULL OR c.association_id = s.id);
        """;

    private readonly Dictionary<string, AssociationIntake?> _byCode = new(StringComparer.Ordinal);

    public async ValueTask<AssociationIntake?> FindAsync(string code, CancellationToken cancellationToken)
    {
        code = Codes.Canonical(code);
        if (_byCode.TryGetValue(code, out var cached))
            return cached;

        await using var results = await session.QueryMultipleAsync(
            Sql, new { Code = code }, cancellationToken);
        var association = await results.ReadSingleOrDefaultAsync<AssociationRow>();
        var areas = (await results.ReadAsync<AreaRow>()).ToDictionary(area => area.Code, area => area.Id, StringComparer.Ordinal);
        var parties = (await results.ReadAsync<PartyRow>()).ToDictionary(party => party.Id, party => Codes.Parse<PartyKind>(party.Kind));
        var categoryRows = (await results.ReadAsync<CategoryRow>()).ToList();
        var categories = categoryRows.Select(category => category.Code).ToHashSet(StringComparer.Ordinal);

        var intake = association is null
            ? null
            : new AssociationIntake(association.Id, association.Code, association.Name, association.AllowAnonymousIntake, areas, parties, categories)
            {
                BlockingNotices = categoryRows.Where(category => category.BlocksSubmission && category.Notice is not null)
                    .ToDictionary(category => category.Code, category => category.Notice!, StringComparer.Ordinal),
            };
        _byCode[code] = intake;
        return intake;
    }

    private sealed class AssociationRow
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public bool AllowAnonymousIntake { get; init; }
    }

    private sealed class PartyRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
    }

    private sealed class CategoryRow
    {
        public string Code { get; init; } = "";
        public string? Notice { get; init; }
        public bool BlocksSubmission { get; init; }
    }

    private sealed class AreaRow
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
    }
}

public sealed record AssociationIntake(
    Guid Id,
    string Code,
    string Name,
    bool AllowAnonymousIntake,
    IReadOnlyDictionary<string, Guid> AreaIdsByCode,
    IReadOnlyDictionary<Guid, PartyKind> PartyKinds,
    IReadOnlySet<string> ActiveCategories)
{
    /// <summary>The active categories that refuse a report, each with the notice that says why.</summary>
    public IReadOnlyDictionary<string, string> BlockingNotices { get; init; } = new Dictionary<string, string>();
}
