using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>Changes an association's settings and its two notices, as a JSON merge patch: for its administrators.</summary>
public static class UpdateAssociation
{
    [Description("What to change. A field left out stays as it is; \"accessibilityStatement\": null (or \"personalDataNotice\": null) clears it.")]
    public sealed record Command : ICommand<AssociationResponse>, IHaveFreeText
    {
        private readonly string? _accessibilityStatement;
        private readonly string? _personalDataNotice;

        [JsonIgnore]
        public string Code { get; init; } = "";

        [Description("The association's name (at most 200 characters).")]
        public string? Name { get; init; }

        [Description("2–6 capital letters or digits: new references are PREFIX-YYYY-NNNNN (those made before keep theirs).")]
        public string? ReferencePrefix { get; init; }

        [Description("Whether reports may be filed without signing in.")]
        public bool? AllowsAnonymousIntake { get; init; }

        [Description("Days a party has to answer a referral, 1–365.")]
        public int? AnswerDeadlineDays { get; init; }

        [Description("Statistics hide counts below this number, 1–50.")]
        public int? SuppressionThreshold { get; init; }

        [Description("Days within which similar reports count as recurring, 1–1095.")]
        public int? RecurrenceWindowDays { get; init; }

        [Description("Similar reports within the window that make a pattern, 2–100.")]
        public int? RecurrenceThreshold { get; init; }

        [Description("The accessibility statement (at most 20000 characters); null or blank clears it.")]
        public string? AccessibilityStatement
        {
            get => _accessibilityStatement;
            init
            {
                _accessibilityStatement = value;
                ChangesAccessibilityStatement = true;
            }
        }

        [Description("The personal-data notice (at most 20000 characters); null or blank clears it.")]
        public string? PersonalDataNotice
        {
            get => _personalDataNotice;
            init
            {
                _personalDataNotice = value;
                ChangesPersonalDataNotice = true;
            }
        }

        [JsonIgnore]
        public bool ChangesAccessibilityStatement { get; private init; }

        [JsonIgnore]
        public bool ChangesPersonalDataNotice { get; private init; }

        public IEnumerable<(string Field, string? Text)> FreeText() =>
            [("name", Name), ("accessibilityStatement", AccessibilityStatement), ("personalDataNotice", PersonalDataNotice)];

        /// <summary>The association as it is after this patch.</summary>
        public AssociationResponse ApplyTo(AssociationResponse current) => current with
        {
            Name = Name ?? current.Name,
            ReferencePrefix = ReferencePrefix ?? current.ReferencePrefix,
            AllowsAnonymousIntake = AllowsAnonymousIntake ?? current.AllowsAnonymousIntake,
            AnswerDeadlineDays = AnswerDeadlineDays ?? current.AnswerDeadlineDays,
            SuppressionThreshold = SuppressionThreshold ?? current.SuppressionThreshold,
            RecurrenceWindowDays = RecurrenceWindowDays ?? current.RecurrenceWindowDays,
            RecurrenceThreshold = RecurrenceThreshold ?? current.RecurrenceThreshold,
            AccessibilityStatement = ChangesAccessibilityStatement ? Associations.TextOrNull(AccessibilityStatement) : current.AccessibilityStatement,
            PersonalDataNotice = ChangesPersonalDataNotice ? Associations.TextOrNull(PersonalDataNotice) : current.PersonalDataNotice,
        };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Code).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Name).DisplayName().When(c => c.Name is not null);
            RuleFor(c => c.ReferencePrefix).ReferencePrefix();
            RuleFor(c => c.AnswerDeadlineDays).AnswerDeadline();
            RuleFor(c => c.SuppressionThreshold).SuppressionThreshold();
            RuleFor(c => c.RecurrenceWindowDays).RecurrenceWindow();
            RuleFor(c => c.RecurrenceThreshold).RecurrenceThreshold();
            RuleFor(c => c.AccessibilityStatement).Notice();
            RuleFor(c => c.PersonalDataNotice).Notice();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, IConfiguration configuration, TimeProvider time)
        : ICommandHandler<Command, AssociationResponse>
    {
        private const string Update = """
            UPDATE associations
            SET name = @Name, reference_prefix = @ReferencePrefix, allow_anonymous_intake = @AllowsAnonymousIntake,
                answer_deadline_days = @AnswerDeadlineDays, suppression_threshold = @SuppressionThreshold,
                recurrence_window_days = @RecurrenceWindowDays, recurrence_threshold = @RecurrenceThreshold,
                accessibility_statement = @AccessibilityStatement, personal_data_notice = @PersonalDataNotice
            WHERE id = @Id
            """;

        public async ValueTask<AssociationResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var before = await Associations.AdministeredAsync(session, configuration, caller, command.Code, orInstallation: false, cancellationToken);
            var after = command.ApplyTo(before);
            if (after == before)
                return before;

            await session.ExecuteAsync(Update, after, cancellationToken);
            await AuditLog.RecordAsync(session, caller, before.Id, "association.updated", "association", before.Code,
                before, after, time.GetUtcNow(), cancellationToken);
            return after;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPatch("/associations/{code}", Endpoint)
            .WithName("UpdateAssociation")
            .WithSummary("Change an association's settings and notices")
            .WithDescription("A JSON merge patch, for the association's administrators: a field left out stays as it is; "
                + "\"accessibilityStatement\": null or \"personalDataNotice\": null clears the text.")
            .Accepts<Command>("application/json", "application/merge-patch+json")
            .ProducesValidationProblem();

    public static async Task<Ok<AssociationResponse>> Endpoint(string code, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with
        {
            Code = code,
            Name = command.Name?.Trim(),
            ReferencePrefix = command.ReferencePrefix?.Trim(),
        }, cancellationToken));
}
