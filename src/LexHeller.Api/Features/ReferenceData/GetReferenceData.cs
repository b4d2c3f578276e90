namespace LexHeller.Api.Features.ReferenceData;

/// <summary>
/// What a report form needs: associations with their areas, parties and categories (the national active ones
/// and the association's own active ones, each with its notice), and the national categories.
/// </summary>
public static class GetReferenceData
{
    public sealed record Query : IQuery<Response>;

    public sealed record Area(string Code, string Name);

    public sealed record Party(Guid Id, PartyKind Kind, string Name, string? Unit);

    public sealed record Association(string Code, string Name, bool AllowsAnonymousIntake, IReadOnlyList<Area> Areas, IReadOnlyList<Party> Parties)
    {
        [Description("The categories the association's form offers: the national active ones and its own active ones, in order, each with the association's notice.")]
        public IReadOnlyList<Category> Categories { get; init; } = [];
    }

    public sealed record Category(
        string Code,
        string Label,
        string Description,
        [property: Description("Shown on the form when the category is chosen.")] string? Notice = null,
        [property: Description("Reports of the category are refused, with the notice as the reason.")] bool BlocksSubmission = false);

    public sealed record Response(
        IReadOnlyList<Association> Associations,
        [property: Description("The national active categories. An association's own categories and notices are in its 'categories'.")] IReadOnlyList<Category> Categories,
        IReadOnlyList<ReportKind> Kinds,
        IReadOnlyList<PartyKind> PartyKinds,
        IReadOnlyList<AffectedGender> Genders);

    public sealed class Handler(DbSession session) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT id, code, name, allow_anonymous_intake FROM associations ORDER BY name COLLATE Finnish_Swedish_100_CI_AS;
            SELECT association_id, code, name FROM areas ORDER BY name COLLATE Finnish_Swedish_100_CI_AS;
            SELECT id, association_id, kind, name, unit FROM parties ORDER BY name COLLATE Finnish_Swedish_100_CI_AS;
            SELECT code, label_sv, description_sv, association_id, notice, blocks_submission FROM categories WHERE is_active = 1 ORDER BY sort_order, code;
            SELECT association_id, category_code, notice, blocks_submission FROM category_notices;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var results = await session.QueryMultipleAsync(Sql, null, cancellationToken);
            var associations = (await results.ReadAsync<AssociationRow>()).ToList();
            var areas = (await results.ReadAsync<AreaRow>()).ToLookup(area => area.AssociationId);
            var parties = (await results.ReadAsync<PartyRow>()).ToLookup(party => party.AssociationId);
            var categories = (await results.ReadAsync<CategoryRow>()).ToList();
            var notices = (await results.ReadAsync<NoticeRow>()).ToDictionary(notice => (notice.AssociationId, notice.CategoryCode));

            return new Response(
                [.. associations.Select(a => new Association(
                    a.Code, a.Name, a.AllowAnonymousIntake,
                    [.. areas[a.Id].Select(area => new Area(area.Code, area.Name))],
                    [.. parties[a.Id].Select(p => new Party(p.Id, Codes.Parse<PartyKind>(p.Kind), p.Name, p.Unit))])
                {
                    Categories = [.. categories.Where(c => c.AssociationId is null || c.AssociationId == a.Id)
                        .Select(c => notices.TryGetValue((a.Id, c.Code), out var notice)
                            ? new Category(c.Code, c.LabelSv, c.DescriptionSv, notice.Notice, notice.BlocksSubmission)
                            : new Category(c.Code, c.LabelSv, c.DescriptionSv, c.Notice, c.BlocksSubmission))],
                })],
                [.. categories.Where(c => c.AssociationId is null).Select(c => new Category(c.Code, c.LabelSv, c.DescriptionSv, c.Notice, c.BlocksSubmission))],
                Enum.GetValues<ReportKind>(),
                Enum.GetValues<PartyKind>(),
                Enum.GetValues<AffectedGender>());
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder referenceData) =>
        referenceData.MapGet("/", Endpoint)
            .WithName("GetReferenceData")
            .WithSummary("Associations, areas, parties and categories (with Swedish labels)")
            .WithDescription("Everything a report form needs. No authentication.");

    public static async Task<Ok<Response>> Endpoint(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(), cancellationToken));

    private sealed class AssociationRow
    {
        public Guid Id { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public bool AllowAnonymousIntake { get; init; }
    }

    private sealed class AreaRow
    {
        public Guid AssociationId { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
    }

    private sealed class PartyRow
    {
        public Guid Id { get; init; }
        public Guid AssociationId { get; init; }
        public string Kind { get; init; } = "";
        public string Name { get; init; } = "";
        public string? Unit { get; init; }
    }

    private sealed class CategoryRow
    {
        public string Code { get; init; } = "";
        public string LabelSv { get; init; } = "";
        public string DescriptionSv { get; init; } = "";
        public Guid? AssociationId { get; init; }
        public string? Notice { get; init; }
        public bool BlocksSubmission { get; init; }
    }

    private sealed class NoticeRow
    {
        public Guid AssociationId { get; init; }
        public string CategoryCode { get; init; } = "";
        public string Notice { get; init; } = "";
        public bool BlocksSubmission { get; init; }
    }
}
