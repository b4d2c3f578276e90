using LexHeller.Api.Features.Reports;
using Microsoft.AspNetCore.Mvc;
using static LexHeller.Api.Features.Shared.ValidationFailures;

namespace LexHeller.Api.Features.FollowUps;

/// <summary>
/// Changes a follow-up as a JSON merge patch, guarded by If-Match. Members of its owner group only.
/// Every change is logged: changed fields with their old and new values, a status change, linked reports.
/// </summary>
public static class UpdateFollowUp
{
    [Description("What to change. A field left out stays as it is; \"decision\", \"outcome\" and \"dueOn\" may be set to null to clear them.")]
    public sealed record Command : ICommand<FollowUpResponse>, IHaveFreeText
    {
        private readonly string? _decision;
        private readonly string? _outcome;
        private readonly DateOnly? _dueOn;

        [JsonIgnore]
        public Guid Id { get; init; }

        [JsonIgnore]
        public int? ExpectedVersion { get; init; }

        [Description("The new title (at most 200 characters).")]
        public string? Title { get; init; }

        [Description("What the group decided (at most 4000 characters); null clears it.")]
        public string? Decision { get => _decision; init { _decision = value; ChangesDecision = true; } }

        [Description("open, in-progress or done; done needs an outcome (given here or already set).")]
        public FollowUpStatus? Status { get; init; }

        [Description("What came of it (at most 4000 characters); null clears it unless the follow-up is done.")]
        public string? Outcome { get => _outcome; init { _outcome = value; ChangesOutcome = true; } }

        [Description("The due date (YYYY-MM-DD); null clears it.")]
        public DateOnly? DueOn { get => _dueOn; init { _dueOn = value; ChangesDueOn = true; } }

        [Description("Another steering group of the association to own it.")]
        public Guid? OwnerGroupId { get; init; }

        [Description("Reports of the association to link as well (at most 100); not to a done follow-up.")]
        public IReadOnlyList<Guid>? AddReportIds { get; init; }

        [JsonIgnore]
        public bool ChangesDecision { get; private init; }

        [JsonIgnore]
        public bool ChangesOutcome { get; private init; }

        [JsonIgnore]
        public bool ChangesDueOn { get; private init; }

        public IEnumerable<(string Field, string? Text)> FreeText() => [("title", Title), ("decision", Decision), ("outcome", Outcome)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(c => c.Title).FreeText(CreateFollowUp.TitleMaxLength).When(c => c.Title is not null);
            RuleFor(c => c.Decision).MaximumLength(CreateFollowUp.TextMaxLength).NoControlCharacters();
            RuleFor(c => c.Outcome).MaximumLength(CreateFollowUp.TextMaxLength).NoControlCharacters();
            RuleFor(c => c.DueOn).DueDate(time);
            RuleFor(c => c.AddReportIds).Must(ids => ids!.Count <= CreateFollowUp.MaxReports).When(c => c.AddReportIds is not null)
                .WithMessage($"At most {CreateFollowUp.MaxReports} reports at a time.");
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, FollowUpResponse>
    {
        private const string Update = """
            UPDATE follow_ups
            SET title = @Title, decision = @Decision, status = @Status, outcome = @Outcome, due_on = @DueOn, owner_group_id = @OwnerGroupId,
                version = version + 1, updated_at = @Now
            WHERE id = @Id AND version = @Version
            """;

        public async ValueTask<FollowUpResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var current = await FollowUpStore.LoadAsync(session, command.Id, cancellationToken);
            await FollowUpStore.EnsureOwnerAsync(session, caller, current, cancellationToken);
            Versioning.Check(current.Version, command.ExpectedVersion, "follow-up");

            var next = current with
            {
                Title = command.Title ?? current.Title,
                Decision = command.ChangesDecision ? Blank(command.Decision) : current.Decision,
                Status = command.Status ?? current.Status,
                Outcome = command.ChangesOutcome ? Blank(command.Outcome) : current.Outcome,
                DueOn = command.ChangesDueOn ? command.DueOn : current.DueOn,
                OwnerGroupId = command.OwnerGroupId ?? current.OwnerGroupId,
            };
            if (!FollowUpRules.HasRequiredOutcome(next.Status, next.Outcome))
                throw Invalid("outcome", FollowUpRules.OutcomeRequired);
            if (next.OwnerGroupId != current.OwnerGroupId
                && !await FollowUpStore.IsGroupOfAssociationAsync(session, next.OwnerGroupId, current.AssociationId, cancellationToken))
                throw Invalid("ownerGroupId", "The owner must be a steering group of the follow-up's association.");
            var addReportIds = command.AddReportIds?.Distinct().ToList() ?? [];
            if (addReportIds.Count > 0)
            {
                if (!FollowUpRules.TakesReports(next.Status))
                    throw new ConflictException("Follow-up is done", FollowUpRules.DoneTakesNoReports);
                await FollowUpStore.EnsureCanLinkAsync(session, caller, addReportIds, current.AssociationId, "addReportIds",
                    "Every report must be a report of the follow-up's association.", cancellationToken);
            }

            var changes = Changes(current, next);
            if (changes.Count == 0 && addReportIds.Count == 0)
                return await FollowUpView.ReadAsync(session, current, await ReportAccess.ReadableAsync(session, caller, current.AssociationId, cancellationToken), suppressionThreshold: 0, cancellationToken);

            var now = time.GetUtcNow();
            var updated = await session.ExecuteAsync(Update, new
            {
                next.Id,
                current.Version,
                next.Title,
                next.Decision,
                Status = Codes.Of(next.Status),
                next.Outcome,
                next.DueOn,
                next.OwnerGroupId,
                Now = now,
            }, cancellationToken);
            if (updated == 0)
                throw new PreconditionFailedException((await FollowUpStore.LoadAsync(session, current.Id, cancellationToken)).ETag, "follow-up");

            var actor = Actor.Of(caller);
            var fieldChanges = changes.Where(change => change.Field != "status").ToList();
            if (fieldChanges.Count > 0)
                await FollowUpStore.AppendEventAsync(session, current.Id, FollowUpStore.Changed, actor, new { changes = fieldChanges }, now, cancellationToken);
            if (next.Status != current.Status)
                await FollowUpStore.AppendEventAsync(session, current.Id, FollowUpStore.StatusChanged, actor,
                    new { from = Codes.Of(current.Status), to = Codes.Of(next.Status) }, now, cancellationToken);
            await FollowUpStore.LinkReportsAsync(session, current.Id, next.Title, addReportIds, actor, now, cancellationToken);

            return await FollowUpView.ReadAsync(session, next with { Version = current.Version + 1 },
                await ReportAccess.ReadableAsync(session, caller, current.AssociationId, cancellationToken), suppressionThreshold: 0, cancellationToken);
        }

        private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

        private static List<FieldChange> Changes(FollowUpSnapshot before, FollowUpSnapshot after)
        {
            var changes = new List<FieldChange>();
            void Compare(string field, object? from, object? to)
            {
                if (!Equals(from, to))
                    changes.Add(new FieldChange(field, from, to));
            }

            Compare("title", before.Title, after.Title);
            Compare("decision", before.Decision, after.Decision);
            Compare("status", Codes.Of(before.Status), Codes.Of(after.Status));
            Compare("outcome", before.Outcome, after.Outcome);
            Compare("dueOn", before.DueOn, after.DueOn);
            Compare("ownerGroupId", before.OwnerGroupId, after.OwnerGroupId);
            return changes;
        }
    }

    private sealed record FieldChange(
        [property: JsonPropertyName("field")] string Field,
        [property: JsonPropertyName("from")] object? From,
        [property: JsonPropertyName("to")] object? To);

    public static RouteHandlerBuilder Map(RouteGroupBuilder followUps) =>
        followUps.MapPatch("/{id:guid}", Endpoint)
            .WithName("UpdateFollowUp")
            .WithSummary("Change a structural follow-up")
            .WithDescription("Members of the owner group. A JSON merge patch (title, decision, status, outcome, dueOn, ownerGroupId, addReportIds) "
                + "with If-Match: 428 without it, 412 when stale. Status done needs an outcome (400); a done follow-up takes no new reports (409). "
                + "Every change is logged.")
            .Accepts<Command>("application/json", "application/merge-patch+json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Ok<FollowUpResponse>> Endpoint(Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, [FromBody] Command command,
        IMediator mediator, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var followUp = await mediator.Send(command with { Id = id, ExpectedVersion = Versioning.ParseIfMatch(ifMatch), Title = command.Title?.Trim() },
            cancellationToken);
        httpContext.Response.Headers.ETag = Versioning.ETag(followUp.Version);
        return TypedResults.Ok(followUp);
    }
}
