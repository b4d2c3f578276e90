using LexHeller.Api.Features.AggregateAccess;

namespace LexHeller.Api.Features.FollowUps;

/// <summary>An association's structural follow-ups, newest first, for its triagers and analysts.</summary>
public static class ListFollowUps
{
    public sealed record Query(string? AssociationCode, string? Status) : IQuery<Response>, IHaveCodes
    {
        public object WithCanonicalCodes() => this with { AssociationCode = Codes.Canonical(AssociationCode), Status = Codes.Canonical(Status) };
    }

    [Description("A follow-up in a list.")]
    public sealed record Item(
        Guid Id,
        string Title,
        FollowUpStatus Status,
        Guid OwnerGroupId,
        string OwnerGroupName,
        DateOnly? DueOn,
        string? PatternKey,
        [property: Description("Linked reports; null when suppressed (analysts, below the suppression threshold).")] int? LinkedReportCount,
        bool LinkedReportCountSuppressed,
        int Version,
        DateTimeOffset UpdatedAt);

    public sealed record Response(string AssociationCode, IReadOnlyList<Item> FollowUps);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(status => status is null || Codes.TryParse<FollowUpStatus>(status, out _))
                .WithMessage($"Status must be one of: {string.Join(", ", Codes.All<FollowUpStatus>())}.");
            RuleFor(q => q.AssociationCode).MaximumLength(50);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string List = """
            SELECT f.id, f.title, f.status, f.owner_group_id, g.name AS owner_group_name, f.due_on, f.pattern_category, f.pattern_party_kinds,
                   f.version, f.updated_at,
                   (SELECT COUNT(*) FROM follow_up_reports l WHERE l.follow_up_id = f.id) AS linked_report_count
            FROM follow_ups f JOIN steering_groups g ON g.id = f.owner_group_id
            WHERE f.association_id = @AssociationId AND (@Status IS NULL OR f.status = @Status)
            ORDER BY f.created_at DESC, f.id DESC
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = await InsightAccess.ResolveAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);
            var rows = await session.QueryAsync<Row>(List, new { scope.AssociationId, query.Status },
                cancellationToken);
            return new Response(scope.AssociationCode, [.. rows.Select(row =>
            {
                var suppressed = !scope.SeesReports && row.LinkedReportCount > 0 && row.LinkedReportCount < scope.SuppressionThreshold;
                return new Item(row.Id, row.Title, Codes.Parse<FollowUpStatus>(row.Status), row.OwnerGroupId, row.OwnerGroupName, row.DueOn,
                    row.PatternCategory is null || row.PatternPartyKinds is null ? null : PatternKey.Format(row.PatternCategory, row.PatternPartyKinds),
                    suppressed ? null : row.LinkedReportCount, suppressed, row.Version, row.UpdatedAt);
            })]);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder followUps) =>
        followUps.MapGet("/", Endpoint)
            .WithName("ListFollowUps")
            .WithSummary("An association's structural follow-ups, newest first")
            .WithDescription("Triagers and analysts of the association. Analysts see small linked-report counts suppressed.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Ok<Response>> Endpoint(
        [Description("The association; may be left out by a caller who belongs to exactly one.")] string? associationCode,
        [Description("open, in-progress or done; all when left out.")] string? status,
        IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(associationCode, status), cancellationToken));

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Title { get; init; } = "";
        public string Status { get; init; } = "";
        public Guid OwnerGroupId { get; init; }
        public string OwnerGroupName { get; init; } = "";
        public DateOnly? DueOn { get; init; }
        public string? PatternCategory { get; init; }
        public string? PatternPartyKinds { get; init; }
        public int Version { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public int LinkedReportCount { get; init; }
    }
}
