using LexHeller.Api.Features.AggregateAccess;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure;

namespace LexHeller.Api.Features.Patterns;

/// <summary>
/// The recurring patterns of an association: category × set of involved party kinds at or over the
/// association's threshold within the rolling window, with the trend against the window before.
/// Triagers see the reports behind each that are in queues they may read (the counts are of all the
/// association's); analysts see counts only, small ones suppressed.
/// </summary>
public static class GetPatterns
{
    public sealed record Query(string? AssociationCode, int? Window) : IQuery<Response>;

    [Description("A window of days, both ends included, by the reports' event dates.")]
    public sealed record Span(DateOnly From, DateOnly To)
    {
        public static Span Of(DateSpan span) => new(span.First, span.Last);
    }

    [Description("A category and a set of involved party kinds that recur.")]
    public sealed record Pattern(
        [property: Description("Names the pattern: the category code, '~', then the party-kind codes in canonical order joined by ','. URL-safe; a follow-up is created from it.")] string Key,
        [property: Description("The category code (the category in force: the triager's, else the reporter's suggestion).")] string Category,
        [property: Description("The category's Swedish label.")] string CategoryLabel,
        [property: Description("The involved party kinds, each once, in canonical order.")] IReadOnlyList<PartyKind> PartyKinds,
        [property: Description("Reports in the current window; null when suppressed.")] int? Count,
        [property: Description("True when the count is below the association's suppression threshold and hidden (analysts only).")] bool CountSuppressed,
        [property: Description("Reports in the previous window; null when suppressed.")] int? PreviousCount,
        [property: Description("True when the previous count is hidden as small (analysts only).")] bool PreviousCountSuppressed,
        [property: Description("The current count against the previous one.")] PatternTrend Trend,
        [property: Description("When the steering group was last told of this pattern as new; null if never.")] DateOnly? FirstDetectedOn,
        [property: Description("The reports behind the pattern that the caller may read (in the queues of their steering groups), oldest event first; null for analysts, who see counts only. Count includes the others.")] IReadOnlyList<PatternReport>? Reports);

    public sealed record Response(
        string AssociationCode,
        [property: Description("The window's length in days.")] int WindowDays,
        [property: Description("How many reports make a pattern.")] int Threshold,
        Span CurrentWindow,
        Span PreviousWindow,
        [property: Description("Most reports first.")] IReadOnlyList<Pattern> Patterns);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Window).InclusiveBetween(PatternWindow.MinDays, PatternWindow.MaxDays);
            RuleFor(q => q.AssociationCode).MaximumLength(50);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : IQueryHandler<Query, Response>
    {
        private const string Counts = $"""
            SELECT r.effective_category AS category, c.label_sv AS category_label, r.involved_party_kinds AS party_kinds,
                   SUM(CASE WHEN r.event_date >= @CurrentFrom THEN 1 ELSE 0 END) AS current_count,
                   SUM(CASE WHEN r.event_date < @CurrentFrom THEN 1 ELSE 0 END) AS previous_count
            FROM reports r
            JOIN categories c ON c.code = r.effective_category
            WHERE {PatternReports.Counted}
            GROUP BY r.effective_category, c.label_sv, r.involved_party_kinds
            HAVING SUM(CASE WHEN r.event_date >= @CurrentFrom THEN 1 ELSE 0 END) >= @Threshold
            """;

        private const string Reports = $"""
            SELECT r.id, r.reference, r.event_date, r.status, r.queue_id, r.effective_category AS category, r.involved_party_kinds AS party_kinds
            FROM reports r
            WHERE {PatternReports.Counted}
            ORDER BY r.event_date, r.reference
            """;

        private const string Detections = """
            SELECT category, party_kinds, first_detected_on FROM pattern_detections WHERE association_id = @AssociationId
            """;

        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var scope = await InsightAccess.ResolveAsync(session, callerContext.Caller, query.AssociationCode, cancellationToken);
            var window = new PatternWindow(SwedishCalendar.Today(time), query.Window ?? scope.RecurrenceWindowDays);

            var counts = (await session.QueryAsync<CountRow>(Counts, new
            {
                scope.AssociationId,
                From = window.Previous.First,
                To = window.Current.Last,
                CurrentFrom = window.Current.First,
                Threshold = scope.RecurrenceThreshold,
            }, cancellationToken)).ToList();

            var detections = (await session.QueryAsync<DetectionRow>(Detections, new { scope.AssociationId },
                cancellationToken)).ToDictionary(row => PatternKey.Format(row.Category, row.PartyKinds));

            ILookup<string, PatternReport>? reports = null;
            if (scope.SeesReports && counts.Count > 0)
            {
                // Counts are the association's; the reports named are only those in queues the caller may read.
                var readable = await ReportAccess.ReadableAsync(session, callerContext.Caller, scope.AssociationId, cancellationToken);
                reports = (await session.QueryAsync<PatternReports.Row>(Reports, new
                {
                    scope.AssociationId,
                    From = window.Current.First,
                    To = window.Current.Last,
                }, cancellationToken))
                    .Where(row => readable.Covers(row.QueueId))
                    .ToLookup(row => PatternKey.Format(row.Category, row.PartyKinds), row => row.ToReport());
            }

            int? Shown(int count) => scope.SeesReports || !IsSuppressed(count) ? count : null;
            bool IsSuppressed(int count) => !scope.SeesReports && count > 0 && count < scope.SuppressionThreshold;

            var patterns = counts
                .OrderByDescending(row => row.CurrentCount).ThenBy(row => row.Category, StringComparer.Ordinal).ThenBy(row => row.PartyKinds, StringComparer.Ordinal)
                .Select(row =>
                {
                    var key = PatternKey.Format(row.Category, row.PartyKinds);
                    PartyKindSet.TryParse(row.PartyKinds, out var kinds);
                    return new Pattern(key, row.Category, row.CategoryLabel, kinds,
                        Shown(row.CurrentCount), IsSuppressed(row.CurrentCount), Shown(row.PreviousCount), IsSuppressed(row.PreviousCount),
                        PatternWindow.TrendOf(row.CurrentCount, row.PreviousCount),
                        detections.TryGetValue(key, out var detection) ? detection.FirstDetectedOn : null,
                        reports is null ? null : [.. reports[key]]);
                })
                .ToList();

            return new Response(scope.AssociationCode, window.Days, scope.RecurrenceThreshold,
                Span.Of(window.Current), Span.Of(window.Previous), patterns);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder patterns) =>
        patterns.MapGet("/", Endpoint)
            .WithName("GetPatterns")
            .WithSummary("Recurring category × party-kind combinations at or over the association's threshold")
            .WithDescription("Counts reports by event date in the rolling window (default: the association's recurrence window) that share "
                + "the category in force and the set of involved party kinds, leaving out reports closed as duplicate or forwarded. "
                + "Triagers of the association see the reports behind each pattern; analysts see counts only, and counts below the "
                + "association's suppression threshold are null with a suppressed flag. Reporters and responders get 403.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Ok<Response>> Endpoint(
        [Description("The association; may be left out by a caller who belongs to exactly one.")] string? associationCode,
        [Description("The window in days (1–730); the association's recurrence window when left out.")] int? window,
        IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(associationCode, window), cancellationToken));

    private sealed class CountRow
    {
        public string Category { get; init; } = "";
        public string CategoryLabel { get; init; } = "";
        public string PartyKinds { get; init; } = "";
        public int CurrentCount { get; init; }
        public int PreviousCount { get; init; }
    }

    private sealed class DetectionRow
    {
        public string Category { get; init; } = "";
        public string PartyKinds { get; init; } = "";
        public DateOnly FirstDetectedOn { get; init; }
    }
}
