using LexHeller.Api.Features.AggregateAccess;
using LexHeller.Api.Features.FollowUps;
using LexHeller.Api.Features.Patterns;
using LexHeller.Api.Features.ReferenceData;
using LexHeller.Api.Features.Statistics;
using LexHeller.Api.Features.Triage;
using Microsoft.AspNetCore.Mvc;
using static LexHeller.Api.Web.Pages.Statistics.StatisticsPageFilter;

namespace LexHeller.Api.Web.Pages.Statistics;

/// <summary>
/// The Statistik page for an association's triagers and analysts: a filter, the statistics as tables
/// (<see cref="GetCategoryStatistics"/>, <see cref="GetPartyPairStatistics"/>, <see cref="GetLeadTimes"/>,
/// <see cref="GetAreaStatistics"/>), the four charts, and links to the exports. The same queries as the
/// API, so the page shows what the API answers, small counts withheld alike.
/// </summary>
public sealed class IndexModel(IMediator mediator, PageAssociation pageAssociation) : WebPageModel(new FormFields(
    new FormField("associationCode", AssociationName, "Samordningsförbund"),
    new FormField("areaCode", AreaName, "Område", Invalid: "Välj ett område i listan."),
    new FormField("from", FromName, "Från och med", Invalid: "Ange ett datum som 2026-01-31, på eller före till och med-datumet."),
    new FormField("to", ToName, "Till och med", Invalid: "Ange ett datum som 2026-12-31, högst tio år efter från och med-datumet."),
    new FormField("interval", IntervalName, "Indelning", Invalid: "Välj månad, kvartal eller år.")))
{
    /// <summary>What the page shows once the filter has been read; null when it could not be.</summary>
    public sealed record Figures(
        GetCategoryStatistics.Response Categories,
        GetPartyPairStatistics.Response PartyPairs,
        GetLeadTimes.Response LeadTimes,
        GetAreaStatistics.Response Areas,
        GetPatterns.Response Patterns);

    public IReadOnlyList<InsightScope> Associations { get; private set; } = [];

    public InsightScope? Association { get; private set; }

    public IReadOnlyList<GetReferenceData.Area> Areas { get; private set; } = [];

    /// <summary>The filter as the user gave it (what the form shows again).</summary>
    public StatisticsPageFilter Filter { get; private set; } = new(null, null, null, null, null);

    public Figures? Statistics { get; private set; }

    /// <summary>A structural follow-up started from a pattern (<see cref="CreateFollowUp"/>, by its pattern key).</summary>
    public sealed class FollowUpInput
    {
        public string? PatternKey { get; set; }
        public string? Title { get; set; }
        public string? OwnerGroupId { get; set; }
        public string? Decision { get; set; }
    }

    private static readonly FormFields FollowUpFields = new(
        new FormField("patternKey", "FollowUp.PatternKey", "Mönster", "Välj vilket mönster uppföljningen gäller.",
            "Mönstret finns inte längre: ladda om sidan och välj ett mönster i listan."),
        new FormField("title", "FollowUp.Title", "Vad gäller uppföljningen?", "Skriv vad uppföljningen gäller."),
        new FormField("ownerGroupId", "FollowUp.OwnerGroupId", "Styrgrupp som äger uppföljningen", "Välj vilken styrgrupp som äger uppföljningen.",
            "Välj en av förbundets styrgrupper."),
        new FormField("decision", "FollowUp.Decision", "Vad styrgruppen har beslutat"));

    [BindProperty]
    public FollowUpInput FollowUp { get; set; } = new();

    /// <summary>The user's steering groups in the association (id, name): who can own a follow-up started from a pattern.</summary>
    public IReadOnlyList<(Guid Id, string Name)> OwnGroups { get; private set; } = [];

    /// <summary>Starts a structural follow-up from one of the association's patterns; the page comes back with it said, or with what to fix.</summary>
    public async Task<IActionResult> OnPostFollowUpAsync([FromQuery(Name = AssociationName)] string? association, CancellationToken cancellationToken)
    {
        Fields = FollowUpFields;
        var command = new CreateFollowUp.Command(association, FollowUp.Title, ParseGuid(FollowUp.OwnerGroupId),
            string.IsNullOrWhiteSpace(FollowUp.Decision) ? null : FollowUp.Decision, null,
            string.IsNullOrWhiteSpace(FollowUp.PatternKey) ? null : FollowUp.PatternKey, null);
        return await SubmitAsync(async () =>
        {
            var created = await mediator.Send(command.Normalized(), cancellationToken);
            Confirmation = $"Uppföljningen ”{created.Title}” är startad. {created.Reports?.Count ?? 0} avvikelser i dina köer är kopplade till den.";
            return Redirect($"/statistik?{AssociationName}={Uri.EscapeDataString(association ?? "")}#start-follow-up");
        }, () => OnGetAsync(association, null, null, null, null, cancellationToken), command);
    }
    /// <summary>Whether it helped, as the reporters said (<see cref="GetReporterFeedbackStatistics"/>); read with the other figures.</summary>
    public GetReporterFeedbackStatistics.Response? ReporterFeedback { get; private set; }

    public async Task<IActionResult> OnGetAsync(
        [FromQuery(Name = AssociationName)] string? association, [FromQuery(Name = AreaName)] string? area,
        [FromQuery(Name = FromName)] DateOnly? from, [FromQuery(Name = ToName)] DateOnly? to,
        [FromQuery(Name = IntervalName)] string? interval, CancellationToken cancellationToken)
    {
        Associations = await mediator.Send(new ListReadableAssociations.Query(), cancellationToken);
        if (Associations.Count == 0)
            return Page();

        // An association the user may not read is refused as the API refuses it, not quietly swapped for one they may.
        if (!string.IsNullOrEmpty(association) && Associations.All(scope => scope.AssociationCode != association))
            return Forbid();

        Association = Associations.FirstOrDefault(scope => scope.AssociationCode == association) ?? Associations[0];
        pageAssociation.Set(Association.AssociationCode, Association.AssociationName);
        var referenceData = await mediator.Send(new GetReferenceData.Query(), cancellationToken);
        Areas = referenceData.Associations.FirstOrDefault(candidate => candidate.Code == Association.AssociationCode)?.Areas ?? [];
        Filter = new StatisticsPageFilter(Association.AssociationCode, NullIfEmpty(area), from, to, NullIfEmpty(interval));

        // A date the binder could not read stays in the form with its message; nothing is counted for it.
        if (!ModelState.IsValid)
            return Page();

        try
        {
            var code = Association.AssociationCode;
            Statistics = new Figures(
                await mediator.Send(new GetCategoryStatistics.Query(code, Filter.Area, from, to, Filter.Interval), cancellationToken),
                await mediator.Send(new GetPartyPairStatistics.Query(code, Filter.Area, from, to), cancellationToken),
                await mediator.Send(new GetLeadTimes.Query(code, Filter.Area, from, to), cancellationToken),
                await mediator.Send(new GetAreaStatistics.Query(code, Filter.Area, from, to), cancellationToken),
                await mediator.Send(new GetPatterns.Query(code, null), cancellationToken));
            ReporterFeedback = await mediator.Send(new GetReporterFeedbackStatistics.Query(code, Filter.Area, from, to), cancellationToken);
        }
        catch (ValidationException exception) when (FormErrors.TryAdd(ModelState, exception, Fields))
        {
            return Page();
        }

        if (Association.SeesReports)
        {
            OwnGroups = [.. (await mediator.Send(new GetMyQueues.Query(WithCounts: false), cancellationToken)).Queues
                .Where(queue => queue.AssociationCode == Association.AssociationCode)
                .Select(queue => (queue.SteeringGroupId, queue.SteeringGroup)).Distinct()];
        }

        // The charts and exports draw exactly what the tables show: the period as the statistics resolved it.
        Filter = Filter with { From = Statistics.Categories.Filter.From, To = Statistics.Categories.Filter.To };
        return Page();
    }

    public Interval ShownInterval => Statistics?.Categories.Interval
        ?? (Codes.TryParse<Interval>(Filter.Interval, out var interval) ? interval : Domain.Insight.Interval.Month);

    /// <summary>"Samordningsförbundet Höglandet, Nässjö, 1 december 2025 – 24 november 2026".</summary>
    public string Scope
    {
        get
        {
            if (Statistics is not { } statistics || Association is null)
                return "";
            var area = Areas.FirstOrDefault(candidate => candidate.Code == statistics.Categories.Filter.AreaCode)?.Name;
            return string.Join(", ", new[] { Association.AssociationName, area,
                $"{Swedish.Date(statistics.Categories.Filter.From)} – {Swedish.Date(statistics.Categories.Filter.To)}" }.OfType<string>());
        }
    }

    /// <summary>A pattern's count as the list shows it: the number, or "färre än 3" when it is withheld.</summary>
    public string PatternCount(int? count) => count?.ToString("N0", Swedish.Culture) ?? $"färre än {SuppressionThreshold}";

    /// <summary>A share as a table cell shows it: a percentage, ".." when it is withheld, "–" when nobody judged.</summary>
    public static string Share(double? share, bool withheld) =>
        share?.ToString("P0", Swedish.Culture) ?? (withheld ? SmallCounts.WithheldText : "–");

    /// <summary>A count as a table cell shows it: the number, or ".." when it is withheld.</summary>
    public string Count(CountCell count) => count.Value?.ToString("N0", Swedish.Culture) ?? SmallCounts.WithheldText;

    public int SuppressionThreshold => Statistics?.Categories.Filter.SuppressionThreshold ?? Association?.SuppressionThreshold ?? 3;

    /// <summary>What the chart of categories over time shows, for those who cannot see it.</summary>
    public string CategoriesOverTimeText(Figures figures) =>
        $"Staplat stapeldiagram över avvikelser per kategori och {Swedish.Interval(figures.Categories.Interval)}, {Scope}. {Largest(figures)} "
        + "Siffrorna finns i tabellen ovan.";

    public string PartyPairsText(Figures figures)
    {
        var largest = figures.PartyPairs.Cells.Where(cell => cell.Count.Value > 0).MaxBy(cell => cell.Count.Value);
        var finding = largest is null ? "Inga avvikelser att visa."
            : $"Flest avvikelser lämnade av {Swedish.PartyKindShort(largest.ReporterKind)} om {Swedish.PartyKindShort(largest.InvolvedKind)}: {largest.Count.Value}.";
        return $"Värmekarta över avvikelser per rapportörens part (rader) och berörd part (kolumner), {Scope}. {finding} "
            + "Grå rutor visar inte antalet. Siffrorna finns i tabellen ovan.";
    }

    public string ParetoText(Figures figures)
    {
        var shown = figures.Categories.Categories.Where(category => category.Total.Value > 0).OrderByDescending(category => category.Total.Value).ToList();
        var total = shown.Sum(category => category.Total.Value!.Value);
        var running = 0;
        var leading = shown.TakeWhile(category => (running += category.Total.Value!.Value) - category.Total.Value < 0.8 * total).ToList();
        var finding = leading.Count == 0 ? "Inga avvikelser att visa."
            : $"{leading.Count} av {shown.Count} kategorier står för minst 80 procent av de visade avvikelserna: "
              + $"{string.Join(", ", leading.Select(category => $"{category.Label} ({category.Total.Value})"))}.";
        return $"Paretodiagram över kategorierna från flest till färst avvikelser med kumulativ andel, {Scope}. {finding}";
    }

    public string AreasRadarText(Figures figures) =>
        $"Radardiagram över kategorier per område ({string.Join(", ", figures.Areas.Areas.Select(area => area.Name))}), {Scope}. "
        + "Siffrorna finns i tabellen Kategorier per område.";

    private static string Largest(Figures figures)
    {
        var top = figures.Categories.Categories.Where(category => category.Total.Value > 0)
            .OrderByDescending(category => category.Total.Value).Take(3).ToList();
        return top.Count == 0 ? "Inga avvikelser att visa."
            : $"Flest avvikelser under perioden: {string.Join(", ", top.Select(category => $"{category.Label} ({category.Total.Value})"))}.";
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
