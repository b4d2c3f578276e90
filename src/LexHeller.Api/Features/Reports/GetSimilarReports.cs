using LexHeller.Domain.Similarity;

namespace LexHeller.Api.Features.Reports;

/// <summary>
/// Reports of the same association that may describe the same failure (<see cref="LikelyDuplicates"/>),
/// best first, among those in queues the caller may read. Candidates are named, never shown: reading
/// one still takes access to it.
/// </summary>
public static class GetSimilarReports
{
    public sealed record Query(Guid Id) : IQuery<Response>;

    [Description("Why a report was considered: its category is the same or a related one, and these involved party kinds are shared.")]
    public sealed record Reasons(CategoryMatch Category, IReadOnlyList<PartyKind> SharedPartyKinds);

    [Description("A report that may describe the same failure.")]
    public sealed record Candidate(
        Guid Id,
        string Reference,
        ReportStatus Status,
        DateOnly EventDate,
        DateTimeOffset CreatedAt,
        [property: Description("The confirmed category, else the suggested one.")] string Category,
        GetReport.QueueReference? Queue,
        [property: Description("How alike the texts (description and consequence) are: 0 nothing in common, 1 the same words.")] double Score,
        Reasons Reasons);

    public sealed record Response(
        Guid ReportId,
        [property: Description("Candidates were filed at most this many days before or after the report. Of the reports of the same or a related category in that window, only the 100 filed nearest before the report and the 100 filed nearest after it are compared (LikelyDuplicates.NearestPerSide): more than an association files in one category group in 90 days, so the bound only shortens the window at many times that volume.")] int WindowDays,
        IReadOnlyList<Candidate> Candidates);

    public sealed class Handler(DbSession session, CallerContext callerContext) : IQueryHandler<Query, Response>
    {
        private const string Report = "SELECT association_id, queue_id, created_at, effective_category AS category FROM reports WHERE id = @Id";

        // The candidates LikelyDuplicates.Nearest picks, picked in SQL. First where they end: per
        // same-or-related category, the filing times of the nearest before the report (at or before its
        // time) and after it, each a seek in ix_reports_association_category_created (0009) that reads
        // at most @Take index entries; the dialect appends the @Take.
        private const string TimesBefore = """
            SELECT created_at FROM reports
            WHERE association_id = @AssociationId AND effective_category = @Code
              AND created_at >= @From AND created_at <= @At AND id <> @Id
            ORDER BY created_at DESC
            """;

        private const string TimesAfter = """
            SELECT created_at FROM reports
            WHERE association_id = @AssociationId AND effective_category = @Code
              AND created_at > @At AND created_at <= @To
            ORDER BY created_at
            """;

        // Then, again per category, its reports filed between the earliest and the latest kept (the
        // report itself among them), with the kinds of their involved parties: a seek in the same index.
        private const string Candidates = """
            SELECT r.id, r.association_id, r.reference, r.status, r.event_date, r.created_at,
                   r.effective_category AS category, r.description, r.consequence,
                   r.queue_id, q.name AS queue_name
            FROM reports r
            LEFT JOIN queues q ON q.id = r.queue_id
            WHERE r.association_id = @AssociationId AND r.effective_category = @Code
              AND r.created_at >= @Earliest AND r.created_at <= @Latest;

            SELECT DISTINCT ip.report_id, p.kind
            FROM reports r
            JOIN report_involved_parties ip ON ip.report_id = r.id
            JOIN parties p ON p.id = ip.party_id
            WHERE r.association_id = @AssociationId AND r.effective_category = @Code
              AND r.created_at >= @Earliest AND r.created_at <= @Latest;
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var report = await session.QuerySingleOrDefaultAsync<ReportRow>(
                Report, new { query.Id }, cancellationToken)
                ?? throw new NotFoundException($"Report '{query.Id}'");
            await ReportAccess.EnsureCanReadAsync(session, callerContext.Caller, report.AssociationId, report.QueueId, cancellationToken);

            var codes = CategoryRelations.SameOrRelated(report.Category);
            var before = new List<DateTimeOffset>();
            var after = new List<DateTimeOffset>();
            foreach (var code in codes)
            {
                var side = new
                {
                    query.Id,
                    report.AssociationId,
                    Code = code,
                    At = report.CreatedAt,
                    From = report.CreatedAt - LikelyDuplicates.Window,
                    To = report.CreatedAt + LikelyDuplicates.Window,
                    Take = LikelyDuplicates.NearestPerSide,
                };
                before.AddRange(await session.QueryAsync<DateTimeOffset>(
                    $"{TimesBefore} {session.Dialect.TakeRows}", side, cancellationToken));
                after.AddRange(await session.QueryAsync<DateTimeOffset>(
                    $"{TimesAfter} {session.Dialect.TakeRows}", side, cancellationToken));
            }

            var earliest = before.OrderDescending().Take(LikelyDuplicates.NearestPerSide).Append(report.CreatedAt).Min();
            var latest = after.Order().Take(LikelyDuplicates.NearestPerSide).Append(report.CreatedAt).Max();
            var rows = new List<CandidateRow>();
            var kindRows = new List<KindRow>();
            foreach (var code in codes)
            {
                await using var results = await session.QueryMultipleAsync(Candidates, new
                {
                    report.AssociationId,
                    Code = code,
                    Earliest = earliest,
                    Latest = latest,
                }, cancellationToken);
                rows.AddRange(await results.ReadAsync<CandidateRow>());
                kindRows.AddRange(await results.ReadAsync<KindRow>());
            }

            var kinds = kindRows.ToLookup(row => row.ReportId, row => Codes.Parse<PartyKind>(row.Kind));
            var byId = rows.ToDictionary(row => row.Id);
            // Candidates in queues the caller may not read are not named (nor counted): their references would tell them.
            var readable = await ReportAccess.ReadableAsync(session, callerContext.Caller, report.AssociationId, cancellationToken);
            var duplicates = LikelyDuplicates.Find(Compared(byId[query.Id]), rows.Where(row => readable.Covers(row.QueueId)).Select(Compared));

            return new Response(query.Id, (int)LikelyDuplicates.Window.TotalDays, [.. duplicates.Select(duplicate =>
            {
                var row = byId[duplicate.Id];
                return new Candidate(row.Id, row.Reference, Codes.Parse<ReportStatus>(row.Status), row.EventDate, row.CreatedAt, row.Category,
                    row.QueueId is { } queueId ? new GetReport.QueueReference(queueId, row.QueueName!) : null,
                    Math.Round(duplicate.Score, 3), new Reasons(duplicate.Category, duplicate.SharedPartyKinds));
            })]);

            ComparedReport Compared(CandidateRow row) => new(
                row.Id, row.AssociationId, row.CreatedAt, row.Category, kinds[row.Id].ToHashSet(), $"{row.Description}\n{row.Consequence}");
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder reports) =>
        reports.MapGet("/{id:guid}/similar", Endpoint)
            .WithName("GetSimilarReports")
            .WithSummary("Likely duplicates of a report")
            .WithDescription("Reports of the same association filed within 90 days before or after it, sharing an involved party kind, "
                + "under the same or a related category; ranked by how alike their texts are, best first, at most 10. "
                + "For those who may read the report; candidates are named, not shown.")
            .RequireAuthorization(Policies.Triage)
            .ProducesStandardProblems();

    public static async Task<Ok<Response>> Endpoint(Guid id, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(id), cancellationToken));

    private sealed class ReportRow
    {
        public Guid AssociationId { get; init; }
        public Guid? QueueId { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string Category { get; init; } = "";
    }

    private sealed class CandidateRow
    {
        public Guid Id { get; init; }
        public Guid AssociationId { get; init; }
        public string Reference { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly EventDate { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string Category { get; init; } = "";
        public string Description { get; init; } = "";
        public string Consequence { get; init; } = "";
        public Guid? QueueId { get; init; }
        public string? QueueName { get; init; }
    }

    private sealed class KindRow
    {
        public Guid ReportId { get; init; }
        public string Kind { get; init; } = "";
    }
}
