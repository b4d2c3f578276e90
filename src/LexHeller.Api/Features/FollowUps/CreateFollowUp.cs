using System.ComponentModel.DataAnnotations;
using LexHeller.Api.Features.AggregateAccess;
using LexHeller.Api.Features.Patterns;
using LexHeller.Api.Features.Reports;
using LexHeller.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using static LexHeller.Api.Features.Shared.ValidationFailures;

namespace LexHeller.Api.Features.FollowUps;

/// <summary>
/// Opens a structural follow-up, from a pattern (it links the reports that make the pattern now and
/// remembers the pattern) or from chosen reports of the association. Any triager of the association;
/// only reports in the queues of the caller's steering groups are linked (from a pattern, the others are left out; named, 403).
/// </summary>
public static class CreateFollowUp
{
    public const int TitleMaxLength = 200;
    public const int TextMaxLength = 4000;
    public const int MaxReports = 100;
    public const int PatternKeyMaxLength = 200;

    /// <summary>Structural work takes time, but a due date further off than this is a typing error.</summary>
    public const int MaxYearsAhead = 10;

    [Description("A new structural follow-up: from a pattern (patternKey) or from reports (reportIds), not both.")]
    public sealed record Command(
        [property: Required, Description("The association's code.")] string? AssociationCode,
        [property: Required, Description("What the follow-up is about (at most 200 characters).")] string? Title,
        [property: Required, Description("The steering group of the association that owns it.")] Guid? OwnerGroupId,
        [property: Description("What the group decided to do (at most 4000 characters).")] string? Decision = null,
        [property: Description("When it is to be done (YYYY-MM-DD).")] DateOnly? DueOn = null,
        [property: Description("A pattern's key from GET /api/v1/patterns: links the reports that make the pattern now.")] string? PatternKey = null,
        [property: Description("Reports of the association to link (1–100).")] IReadOnlyList<Guid>? ReportIds = null)
        : ICommand<FollowUpResponse>, IHaveFreeText
    {
        public IEnumerable<(string Field, string? Text)> FreeText() => [("title", Title), ("decision", Decision)];

        public Command Normalized() => this with { AssociationCode = Codes.Canonical(AssociationCode), Title = Title?.Trim(), Decision = Decision?.Trim() };
    }

    /// <summary>A follow-up's due date: from 2000 to <see cref="MaxYearsAhead"/> years ahead.</summary>
    public static IRuleBuilderOptions<T, DateOnly?> DueDate<T>(this IRuleBuilder<T, DateOnly?> rule, TimeProvider time) =>
        rule.Must(date => date is null || (date >= new DateOnly(2000, 1, 1) && date <= SwedishCalendar.Today(time).AddYears(MaxYearsAhead)))
            .WithMessage($"The due date must be a date from 2000-01-01 to {MaxYearsAhead} years ahead.");

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(c => c.AssociationCode).NotEmpty().MaximumLength(TextRules.CodeMaxLength);
            RuleFor(c => c.Title).FreeText(TitleMaxLength);
            RuleFor(c => c.Decision).MaximumLength(TextMaxLength).NoControlCharacters();
            RuleFor(c => c.OwnerGroupId).NotNull();
            RuleFor(c => c.DueOn).DueDate(time);
            RuleFor(c => c.PatternKey).MaximumLength(PatternKeyMaxLength)
                .Must(key => Domain.Insight.PatternKey.TryParse(key, out _, out _)).When(c => c.PatternKey is not null)
                .WithMessage("A pattern key is a category code, '~' and the party-kind codes in canonical order, as GET /api/v1/patterns gives it.");
            RuleFor(c => c.ReportIds).Must(ids => ids!.Count is > 0 and <= MaxReports).When(c => c.ReportIds is not null)
                .WithMessage($"Name 1–{MaxReports} reports.");
            // Both members are named, as either may be the one the client forgot or sent too many of.
            foreach (var member in new[] { "patternKey", "reportIds" })
            {
                RuleFor(c => c).Must(c => (c.PatternKey is null) != (c.ReportIds is null))
                    .WithName(member).OverridePropertyName(member)
                    .WithMessage("A follow-up is made from a pattern (patternKey) or from reports (reportIds): name exactly one.");
            }
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, FollowUpResponse>
    {
        public async ValueTask<FollowUpResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var scope = await InsightAccess.ResolveAsync(session, caller, command.AssociationCode, cancellationToken);
            if (!scope.SeesReports)
                throw new ForbiddenException("Only triagers of the association may open a structural follow-up.");
            if (!await FollowUpStore.IsGroupOfAssociationAsync(session, command.OwnerGroupId!.Value, scope.AssociationId, cancellationToken))
                throw Invalid("ownerGroupId", "The owner must be a steering group of the association.");

            string? category = null, partyKinds = null;
            IReadOnlyCollection<Guid> reportIds;
            if (command.PatternKey is { } key)
            {
                Domain.Insight.PatternKey.TryParse(key, out var parsedCategory, out var parsedKinds);
                (category, partyKinds) = (parsedCategory, parsedKinds);
                var window = new PatternWindow(SwedishCalendar.Today(time), scope.RecurrenceWindowDays);
                var reports = await PatternReports.OfAsync(session, scope.AssociationId, category, partyKinds, window.Current, cancellationToken);
                if (reports.Count < scope.RecurrenceThreshold)
                    throw Invalid("patternKey", $"'{key}' is not a pattern of the association now: it has {reports.Count} reports in the window, fewer than {scope.RecurrenceThreshold}.");
                // The pattern is the association's, but linking writes into each report's history: only
                // the reports in the caller's queues are linked; the other groups link theirs themselves.
                var triageable = await ReportAccess.TriageableAsync(session, caller, scope.AssociationId, cancellationToken);
                reportIds = [.. reports.Where(report => triageable.Covers(report.QueueId)).Select(report => report.Report.Id)];
            }
            else
            {
                reportIds = [.. command.ReportIds!.Distinct()];
                await FollowUpStore.EnsureCanLinkAsync(session, caller, reportIds, scope.AssociationId, "reportIds",
                    "Every report must be a report of the association.", cancellationToken);
            }

            var now = time.GetUtcNow();
            var actor = Actor.Of(caller);
            var id = await FollowUpStore.OpenAsync(session, new FollowUpOpening(scope.AssociationId, command.OwnerGroupId.Value, command.Title!,
                command.Decision, command.DueOn, category, partyKinds, command.PatternKey), actor, now, cancellationToken);
            await FollowUpStore.LinkReportsAsync(session, id, command.Title!, reportIds, actor, now, cancellationToken);

            var created = await FollowUpStore.LoadAsync(session, id, cancellationToken);
            return await FollowUpView.ReadAsync(session, created, await ReportAccess.ReadableAsync(session, caller, scope.AssociationId, cancellationToken),
                scope.SuppressionThreshold, cancellationToken);
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder followUps) =>
        followUps.MapPost("/", Endpoint)
            .WithName("CreateFollowUp")
            .WithSummary("Open a structural follow-up from a pattern or from reports")
            .WithDescription("Any triager of the association. With patternKey (from GET /api/v1/patterns) it links the reports that make the "
                + "pattern now and remembers the pattern; with reportIds it links those reports of the association. The owner group must be a "
                + "steering group of the association. 201 with Location and ETag; the follow-up starts open.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Created<FollowUpResponse>> Endpoint([FromBody] Command command, IMediator mediator, HttpContext httpContext,
        CancellationToken cancellationToken)
    {
        var followUp = await mediator.Send(command.Normalized(), cancellationToken);
        httpContext.Response.Headers.ETag = Versioning.ETag(followUp.Version);
        return TypedResults.Created($"/api/v1/follow-ups/{followUp.Id}", followUp);
    }
}
