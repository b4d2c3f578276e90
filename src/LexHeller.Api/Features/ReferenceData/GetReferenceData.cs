namespace LexHeller.Api.Features.ReferenceData;

/// <summary>What a report form needs: associations with their areas and parties, and the categories.</summary>
public static class GetReferenceData
{
    public sealed record Query : IQuery<Response>;

    public sealed record Area(string Code, string Name);

    public sealed record Party(Guid Id, PartyKind Kind, string Name, string? Unit);

    public sealed record Association(string Code, string Name, bool AllowsAnonymousIntake, IReadOnlyList<Area> Areas, IReadOnlyList<Party> Parties);

    public sealed record Category(string Code, string Label, string Description);

    public sealed record Response(
        IReadOnlyList<Association> Associations,
        IReadOnlyList<Category> Categories,
        IReadOnlyList<ReportKind> Kinds,
        IReadOnlyList<PartyKind> PartyKinds,
        IReadOnlyList<AffectedGender> Genders);

    public sealed class Handler(DbSession session) : IQueryHandler<Query, Response>
    {
        private const string Sql = """
            SELECT id, code, name, allow_anonymous_intake FROM associations ORDER BY name;
            SELECT association_id, code, name FROM areas ORDER BY name;
            SELECT id, association_id, kind, name, unit FROM parties ORDER BY name;
            SELECT code, label_sv, description_sv FROM categories WHERE is_active = 1 ORDER BY sort_order, code;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var results = await session.QueryMultipleAsync(Sql, null, cancellationToken);
            var associations = (await results.ReadAsync<AssociationRow>()).ToList();
            var areas = (await results.ReadAsync<AreaRow>()).ToLookup(area => area.AssociationId);
            var parties = (await results.ReadAsync<PartyRow>()).ToLookup(party => party.AssociationId);
            var categories = await results.ReadAsync<CategoryRow>();

            return new Response(
                [.. associations.Select(a => new Association(
                    a.Code, a.Name, a.AllowAnonymousIntake,
                    [.. areas[a.Id].Select(area => new Area(area.Code, area.Name))],
                    [.. parties[a.Id].Select(p => new Party(p.Id, Codes.Parse<PartyKind>(p.Kind), p.Name, p.Unit))]))],
                [.. categories.Select(c => new Category(c.Code, c.LabelSv, c.DescriptionSv))],
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
    }
}
