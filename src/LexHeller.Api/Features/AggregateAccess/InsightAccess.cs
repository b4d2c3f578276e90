namespace LexHeller.Api.Features.AggregateAccess;

/// <summary>
/// The association whose aggregates a caller reads, with the settings that shape them. Triagers of
/// one of its steering groups see the reports behind a pattern; analysts and administrators who are
/// members of it see counts only.
/// </summary>
public sealed record InsightScope(
    Guid AssociationId,
    string AssociationCode,
    string AssociationName,
    int RecurrenceWindowDays,
    int RecurrenceThreshold,
    int SuppressionThreshold,
    bool SeesReports);

/// <summary>
/// Who may read patterns, statistics and exports: a signed-in triager (a member of one of the
/// association's steering groups), analyst or administrator (roles granted in the association, ADR 13). Nobody
/// else, and nobody for an association they do not belong to. When the caller belongs to exactly
/// one association, <c>associationCode</c> may be left out.
/// </summary>
public static class InsightAccess
{
    public const string AssociationCodeField = "associationCode";

    private const string Memberships = $"""
        SELECT a.id AS association_id, a.code AS association_code, a.name AS association_name,
               a.recurrence_window_days, a.recurrence_threshold, a.suppression_threshold,
               CASE WHEN EXISTS (
                   SELECT 1 FROM steering_group_members m JOIN steering_groups g ON g.id = m.steering_group_id
                   WHERE g.association_id = a.id AND m.user_key = @UserKey) THEN 1 ELSE 0 END AS is_triager,
               CASE WHEN a.id IN ({MemberGrants.AnalystAssociations}) THEN 1 ELSE 0 END AS is_analyst,
               CASE WHEN a.id IN ({MemberGrants.AdminAssociations}) THEN 1 ELSE 0 END AS is_admin
        FROM associations a
        WHERE @Code IS NULL OR a.code = @Code
        """;

    public static async Task<InsightScope> ResolveAsync(DbSession session, Caller caller, string? associationCode, CancellationToken cancellationToken)
    {
        var code = string.IsNullOrWhiteSpace(associationCode) ? null : Codes.Canonical(associationCode);
        var (readable, found) = await ReadableAsync(session, caller, code, cancellationToken);
        if (code is not null && found == 0)
            throw new NotFoundException($"Association '{code}'");

        return readable switch
        {
            [var only] => only,
            [] when code is not null => throw new ForbiddenException($"You are not a triager or analyst of the association '{code}'."),
            [] => throw new ForbiddenException("You are not a triager or analyst of any association."),
            _ => throw ValidationFailures.Invalid(AssociationCodeField,
                $"You belong to several associations ({string.Join(", ", readable.Select(scope => scope.AssociationCode))}); name one."),
        };
    }

    /// <summary>Every association whose aggregates the caller may read, by name (a page offers them to choose from).</summary>
    public static async Task<IReadOnlyList<InsightScope>> ListAsync(DbSession session, Caller caller, CancellationToken cancellationToken) =>
        [.. (await ReadableAsync(session, caller, null, cancellationToken)).Readable.OrderBy(scope => scope.AssociationName, SwedishCollation.Comparer)];

    private static async Task<(List<InsightScope> Readable, int Found)> ReadableAsync(DbSession session, Caller caller, string? code,
        CancellationToken cancellationToken)
    {
        if (caller.Kind != CallerKind.User || caller.UserKey is null)
            throw new ForbiddenException("Patterns, statistics and exports are for the association's triagers and analysts.");

        var rows = (await session.QueryAsync<Row>(
            Memberships, MemberGrants.Parameters(caller, new { Code = code }), cancellationToken)).ToList();

        var isTriager = caller.ClaimsAllow(Roles.Triager);
        var readable = rows
            .Select(row => (Row: row, SeesReports: isTriager && row.IsTriager))
            .Where(candidate => candidate.SeesReports || candidate.Row.IsAnalyst || candidate.Row.IsAdmin)
            .Select(candidate => candidate.Row.ToScope(candidate.SeesReports))
            .ToList();
        return (readable, rows.Count);
    }

    private sealed class Row
    {
        public Guid AssociationId { get; init; }
        public string AssociationCode { get; init; } = "";
        public string AssociationName { get; init; } = "";
        public int RecurrenceWindowDays { get; init; }
        public int RecurrenceThreshold { get; init; }
        public int SuppressionThreshold { get; init; }
        public bool IsTriager { get; init; }
        public bool IsAnalyst { get; init; }
        public bool IsAdmin { get; init; }

        public InsightScope ToScope(bool seesReports) => new(AssociationId, AssociationCode, AssociationName,
            RecurrenceWindowDays, RecurrenceThreshold, SuppressionThreshold, seesReports);
    }
}
