using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>
/// A failure category of the association's own, beside the national ones. Its code is the key reports and
/// routing rules name, so it is unique in the installation: a code the national taxonomy or another
/// association already uses is refused (409).
/// </summary>
public static class CreateCategory
{
    [Description("A category of the association's own.")]
    public sealed record Command(
        [property: Required, Description("Lower-case kebab-case, at most 50 characters, unique in the installation.")] string? Code,
        [property: Required, Description("The label reporters and statistics show (Swedish, at most 200 characters).")] string? Label,
        [property: Required, Description("What the category covers (Swedish, at most 1000 characters).")] string? Description,
        [property: Description("Shown on the report form when the category is chosen (at most 1000 characters).")] string? Notice = null,
        [property: Description("Refuse reports of this category, with the notice as the reason (needs a notice).")] bool BlocksSubmission = false)
        : ICommand<AssociationCategories.Category>, IHaveFreeText, IHaveCodes
    {
        [JsonIgnore]
        public string AssociationCode { get; init; } = "";

        public object WithCanonicalCodes() => this with { AssociationCode = Codes.Canonical(AssociationCode), Code = Codes.Canonical(Code) };

        /// <summary>Label, description and notice are shown to every reporter of the association.</summary>
        public IEnumerable<(string Field, string? Text)> FreeText() => [("label", Label), ("description", Description), ("notice", Notice)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Code).NotEmpty().KebabCaseCode();
            RuleFor(c => c.Label).OneLine(AssociationCategories.LabelMaxLength);
            RuleFor(c => c.Description).FreeText(AssociationCategories.DescriptionMaxLength);
            RuleFor(c => c.Notice).CategoryNotice();
            RuleFor(c => c.Notice).NotEmpty().When(c => c.BlocksSubmission).WithMessage("A category that blocks submission needs a notice saying why and where to turn instead.");
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, AssociationCategories.Category>
    {
        private const string Insert = """
            INSERT INTO categories (code, label_sv, description_sv, sort_order, is_active, association_id, notice, blocks_submission, created_at)
            SELECT @Code, @Label, @Description, COALESCE(MAX(sort_order), 0) + 10, 1, @AssociationId, @Notice, @BlocksSubmission, @Now
            FROM categories;

            INSERT INTO category_labels (category_code, label, valid_from, valid_to) VALUES (@Code, @Label, @Now, NULL);
            """;

        private const string Exists = "SELECT COUNT(*) FROM categories WHERE code = @Code";

        public async ValueTask<AssociationCategories.Category> Handle(Command command, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, command.AssociationCode, cancellationToken);
            if (await session.ScalarAsync<int>(Exists, new { command.Code }, cancellationToken) > 0)
                throw CodeTaken(command.Code!);

            var now = time.GetUtcNow();
            try
            {
                await session.ExecuteAsync(Insert, new
                {
                    command.Code,
                    command.Label,
                    command.Description,
                    AssociationId = association.Id,
                    command.Notice,
                    BlocksSubmission = command.BlocksSubmission ? 1 : 0,
                    Now = now,
                }, cancellationToken);
            }
            catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw CodeTaken(command.Code!);
            }

            var category = await AssociationCategories.FindAsync(session, association.Id, command.Code!, cancellationToken);
            await AuditLog.RecordAsync(session, callerContext.Caller, association.Id, "category.created", "category", category.Code,
                null, AssociationCategories.Audit(category), now, cancellationToken);
            return category;
        }

        private static ConflictException CodeTaken(string code) =>
            new("Category code taken",
                $"The category code '{code}' is already used in this installation, by the national taxonomy or by an association. Category codes are unique in the installation: choose another code.");
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/associations/{code}/categories", Endpoint)
            .WithName("CreateCategory")
            .WithSummary("New failure category of the association's own")
            .WithDescription("Offered on the association's report form beside the national categories. The code is unique in the installation (409 otherwise). "
                + "A category that blocks submission needs a notice: reports of it are refused with the notice as the reason.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Created<AssociationCategories.Category>> Endpoint(string code, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken)
    {
        var category = await mediator.Send(command with
        {
            AssociationCode = code,
            Code = Codes.Canonical(command.Code),
            Label = command.Label?.Trim(),
            Description = command.Description?.Trim(),
            Notice = command.Notice?.Trim(),
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/associations/{code}/categories/{category.Code}", category);
    }
}
