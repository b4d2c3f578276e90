using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>A new association, with its first administrators: for installation administrators only.</summary>
public static class CreateAssociation
{
    [Description("A new association. Settings left out take their defaults.")]
    public sealed record Command(
        [property: Required, Description("Lower-case kebab-case, unique in the installation (at most 50 characters).")] string? Code,
        [property: Required, Description("The association's name (at most 200 characters).")] string? Name,
        [property: Required, Description("2–6 capital letters or digits: references become PREFIX-YYYY-NNNNN.")] string? ReferencePrefix,
        [property: Description("Whether reports may be filed without signing in (default false).")] bool? AllowsAnonymousIntake = null,
        [property: Description("Days a party has to answer a referral, 1–365 (default 60).")] int? AnswerDeadlineDays = null,
        [property: Description("Statistics hide counts below this number, 1–50 (default 3).")] int? SuppressionThreshold = null,
        [property: Description("Days within which similar reports count as recurring, 1–1095 (default 180).")] int? RecurrenceWindowDays = null,
        [property: Description("Similar reports within the window that make a pattern, 2–100 (default 3).")] int? RecurrenceThreshold = null,
        [property: Description("The accessibility statement (at most 20000 characters).")] string? AccessibilityStatement = null,
        [property: Description("The personal-data notice (at most 20000 characters).")] string? PersonalDataNotice = null,
        [property: Description("The first administrators' e-mail addresses.")] IReadOnlyList<string>? Administrators = null)
        : ICommand<AssociationResponse>, IHaveFreeText, IHaveCodes
    {
        public IEnumerable<(string Field, string? Text)> FreeText() =>
            [("name", Name), ("accessibilityStatement", AccessibilityStatement), ("personalDataNotice", PersonalDataNotice)];

        public object WithCanonicalCodes() => this with { Code = Codes.Canonical(Code) };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Code).NotEmpty().KebabCaseCode();
            RuleFor(c => c.Name).DisplayName();
            RuleFor(c => c.ReferencePrefix).NotEmpty().ReferencePrefix();
            RuleFor(c => c.AnswerDeadlineDays).AnswerDeadline();
            RuleFor(c => c.SuppressionThreshold).SuppressionThreshold();
            RuleFor(c => c.RecurrenceWindowDays).RecurrenceWindow();
            RuleFor(c => c.RecurrenceThreshold).RecurrenceThreshold();
            RuleFor(c => c.AccessibilityStatement).Notice();
            RuleFor(c => c.PersonalDataNotice).Notice();
            RuleFor(c => c.Administrators).Must(list => list is null || list.Count <= 20).WithMessage("Give at most 20 first administrators.");
            RuleForEach(c => c.Administrators).Email().OverridePropertyName("administrators");
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, IConfiguration configuration, TimeProvider time)
        : ICommandHandler<Command, AssociationResponse>
    {
        private const string Insert = """
            INSERT INTO associations (id, code, name, reference_prefix, allow_anonymous_intake, answer_deadline_days, suppression_threshold,
                recurrence_window_days, recurrence_threshold, accessibility_statement, personal_data_notice, created_at)
            VALUES (@Id, @Code, @Name, @ReferencePrefix, @AllowsAnonymousIntake, @AnswerDeadlineDays, @SuppressionThreshold,
                @RecurrenceWindowDays, @RecurrenceThreshold, @AccessibilityStatement, @PersonalDataNotice, @CreatedAt)
            """;

        public async ValueTask<AssociationResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            await InstallationAdministration.EnsureAsync(session, configuration, caller, cancellationToken);

            var now = time.GetUtcNow();
            var association = new AssociationResponse(Guid.CreateVersion7(now), command.Code!, command.Name!, command.ReferencePrefix!,
                command.AllowsAnonymousIntake ?? false,
                command.AnswerDeadlineDays ?? Associations.DefaultAnswerDeadlineDays,
                command.SuppressionThreshold ?? Associations.DefaultSuppressionThreshold,
                command.RecurrenceWindowDays ?? Associations.DefaultRecurrenceWindowDays,
                command.RecurrenceThreshold ?? Associations.DefaultRecurrenceThreshold,
                Associations.TextOrNull(command.AccessibilityStatement), Associations.TextOrNull(command.PersonalDataNotice), now);

            if (await session.ScalarAsync<int>("SELECT COUNT(*) FROM associations WHERE code = @Code", new { association.Code }, cancellationToken) > 0)
                throw CodeTaken(association.Code);
            try
            {
                await session.ExecuteAsync(Insert, association, cancellationToken);
            }
            catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw CodeTaken(association.Code);
            }

            await AuditLog.RecordAsync(session, caller, association.Id, "association.created", "association", association.Code,
                null, association, now, cancellationToken);

            foreach (var email in (command.Administrators ?? []).Select(AdminRules.UserKey).Distinct(StringComparer.Ordinal))
            {
                await MemberRoleStore.GrantRoleAsync(session, association.Id, email, Roles.Admin, now, cancellationToken);
                await AuditLog.RecordAsync(session, caller, association.Id, "member.updated", "member", email,
                    new MemberAudit([], []), new MemberAudit([Roles.Admin], []), now, cancellationToken);
            }

            return association;
        }

        private static ConflictException CodeTaken(string code) => new("Code taken", $"An association with the code '{code}' exists.");
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/associations", Endpoint)
            .WithName("CreateAssociation")
            .WithSummary("New association (installation administrators)")
            .WithDescription("Only an installation administrator may create an association, with its first administrators (optional "
                + "`administrators`). 409 when the code is taken.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Created<AssociationResponse>> Endpoint([FromBody] Command command, IMediator mediator, CancellationToken cancellationToken)
    {
        var association = await mediator.Send(command with
        {
            Code = Codes.Canonical(command.Code),
            Name = command.Name?.Trim(),
            ReferencePrefix = command.ReferencePrefix?.Trim(),
            Administrators = command.Administrators?.Select(email => EmailRules.Normalize(email) ?? "").ToList(),
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/associations/{association.Code}", association);
    }
}

/// <summary>A member's grants as the audit log records them.</summary>
public sealed record MemberAudit(IReadOnlyList<string> Roles, IReadOnlyList<Guid> PartyIds);
