namespace LexHeller.Api.Features.ReferenceData;

/// <summary>
/// The texts an association publishes about the service for the public pages <c>/tillganglighet</c> and
/// <c>/personuppgifter</c>: its accessibility statement (tillgänglighetsredogörelse, lagen (2018:1937) om
/// tillgänglighet till digital offentlig service) and its personal-data notice, as its administrators wrote them
/// (plain text), or null while they have not. Public, as the pages are. No endpoint: the pages ask.
/// </summary>
public static class GetAssociationNotices
{
    public sealed record Query : IQuery<Response>;

    public sealed record Association(string Code, string Name, string? AccessibilityStatement, string? PersonalDataNotice);

    /// <param name="Associations">Every association, by name.</param>
    public sealed record Response(IReadOnlyList<Association> Associations);

    public sealed class Handler(DbSession session) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT code, name, accessibility_statement, personal_data_notice
            FROM associations
            ORDER BY name COLLATE Finnish_Swedish_100_CI_AS
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken) =>
            new([.. (await session.QueryAsync<Row>(Sql, null, cancellationToken))
                .Select(row => new Association(row.Code, row.Name, Written(row.AccessibilityStatement), Written(row.PersonalDataNotice)))]);

        /// <summary>A text that is only blanks is not written yet.</summary>
        private static string? Written(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private sealed class Row
    {
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string? AccessibilityStatement { get; init; }
        public string? PersonalDataNotice { get; init; }
    }
}
