using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>
/// Relabels, describes, retires or reinstates one of the association's own categories, or sets its notice,
/// as a JSON merge patch. A category is never deleted: old reports and statistics keep it, and every label
/// it has had is kept with its dates. A national category is shared: an association sets only a notice of
/// its own on it (and whether that notice blocks submission), which shows on its form alone.
/// </summary>
public static class UpdateCategory
{
    [Description("What to change. A field left out stays as it is; \"notice\": null removes the notice.")]
    public sealed record Command : ICommand<AssociationCategories.Category>, IHaveFreeText, IHaveCodes
    {
        public object WithCanonicalCodes() => this with { AssociationCode = Codes.Canonical(AssociationCode), CategoryCode = Codes.Canonical(CategoryCode) };

        private readonly string? _notice;

        [JsonIgnore]
        public string AssociationCode { get; init; } = "";

        [JsonIgnore]
        public string CategoryCode { get; init; } = "";

        [Description("The new label (at most 200 characters); the old one is kept in the label history. Own categories only.")]
        public string? Label { get; init; }

        [Description("The new description (at most 1000 characters). Own categories only.")]
        public string? Description { get; init; }

        [Description("The notice shown on the form when the category is chosen (at most 1000 characters); null removes it. "
            + "On a national category it is the association's own.")]
        public string? Notice
        {
            get => _notice;
            init
            {
                _notice = value;
                ChangesNotice = true;
            }
        }

        [Description("Refuse reports of the category with the notice as the reason (needs a notice).")]
        public bool? BlocksSubmission { get; init; }

        [Description("False retires the category (no longer offered; old reports keep it), true reinstates it. Own categories only.")]
        public bool? IsActive { get; init; }

        /// <summary>Whether the body named <c>notice</c> at all: only then does null remove it.</summary>
        [JsonIgnore]
        public bool ChangesNotice { get; private init; }

        public IEnumerable<(string Field, string? Text)> FreeText() => [("label", Label), ("description", Description), ("notice", Notice)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.CategoryCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Label).OneLine(AssociationCategories.LabelMaxLength).When(c => c.Label is not null);
            RuleFor(c => c.Description).FreeText(AssociationCategories.DescriptionMaxLength).When(c => c.Description is not null);
            RuleFor(c => c.Notice).CategoryNotice();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, AssociationCategories.Category>
    {
        private const string UpdateOwn = """
            UPDATE categories
            SET label_sv = @Label, description_sv = @Description, notice = @Notice, blocks_submission = @BlocksSubmission, is_active = @IsActive
            WHERE code = @Code AND association_id = @AssociationId
            """;

        private const string RemoveNationalNotice = "DELETE FROM category_notices WHERE association_id = @AssociationId AND category_code = @Code";

        private const string SetNationalNotice = """
            DELETE FROM category_notices WHERE association_id = @AssociationId AND category_code = @Code;
            INSERT INTO category_notices (association_id, category_code, notice, blocks_submission) VALUES (@AssociationId, @Code, @Notice, @BlocksSubmission);
            """;

        public async ValueTask<AssociationCategories.Category> Handle(Command command, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, command.AssociationCode, cancellationToken);
            var before = await AssociationCategories.FindAsync(session, association.Id, command.CategoryCode, cancellationToken);

            var notice = command.ChangesNotice ? command.Notice?.Trim() : before.Notice;
            var blocks = command.BlocksSubmission ?? before.BlocksSubmission;
            if (blocks && notice is null)
                throw ValidationFailures.Invalid("notice", "A category that blocks submission needs a notice saying why and where to turn instead.");

            var arguments = new
            {
                Code = before.Code,
                AssociationId = association.Id,
                Label = command.Label ?? before.Label,
                Description = command.Description ?? before.Description,
                Notice = notice,
                BlocksSubmission = blocks ? 1 : 0,
                IsActive = (command.IsActive ?? before.IsActive) ? 1 : 0,
            };
            var now = time.GetUtcNow();
            if (before.National)
            {
                foreach (var (field, given) in new[] { ("label", command.Label is not null), ("description", command.Description is not null), ("isActive", command.IsActive is not null) })
                {
                    if (given)
                        throw ValidationFailures.Invalid(field, $"'{before.Code}' is a national category, shared by every association: only a notice of the association's own (notice, blocksSubmission) can be set on it.");
                }

                await session.ExecuteAsync(notice is null ? RemoveNationalNotice : SetNationalNotice, arguments, cancellationToken);
            }
            else
            {
                await session.ExecuteAsync(UpdateOwn, arguments, cancellationToken);
                if (arguments.Label != before.Label)
                    await AssociationCategories.RecordLabelAsync(session, before.Code, arguments.Label, now, cancellationToken);
            }

            var after = await AssociationCategories.FindAsync(session, association.Id, before.Code, cancellationToken);
            await AuditLog.RecordAsync(session, callerContext.Caller, association.Id, "category.updated", "category", after.Code,
                AssociationCategories.Audit(before), AssociationCategories.Audit(after), now, cancellationToken);
            return after;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPatch("/associations/{code}/categories/{categoryCode}", Endpoint)
            .WithName("UpdateCategory")
            .WithSummary("Relabel, retire or reinstate a category of the association's own, or set a notice")
            .WithDescription("A JSON merge patch. An association changes only its own categories (another association's is not found); "
                + "on a national category it sets only its own notice and blocksSubmission (422 for label, description or isActive). "
                + "Categories are never deleted; a relabel keeps the old label in the history.")
            .Accepts<Command>("application/json", "application/merge-patch+json")
            .ProducesValidationProblem();

    public static async Task<Ok<AssociationCategories.Category>> Endpoint(string code, string categoryCode, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with
        {
            AssociationCode = code,
            CategoryCode = categoryCode,
            Label = command.Label?.Trim(),
            Description = command.Description?.Trim(),
        }, cancellationToken));
}
