using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>A response template of the association (<see cref="ResponseTemplates"/>): for one purpose, one category or every category.</summary>
public static class CreateResponseTemplate
{
    [Description("A text that triagers or responders of the association start from.")]
    public sealed record Command(
        [property: Required, Description("What it is for: question (to the reporter), referral (the question to a party), answer (a party's answer), closure (the closing message).")] string? Purpose,
        [property: Description("The category (code) whose reports it is for; left out, it is offered for every category.")] string? Category,
        [property: Required, Description("The name the forms' picker shows (one line, at most 200 characters).")] string? Title,
        [property: Required, Description("The text put in the form's field (at most 2000 characters).")] string? Body)
        : ICommand<ResponseTemplates.Template>, IHaveFreeText, IHaveCodes
    {
        [JsonIgnore]
        public string AssociationCode { get; init; } = "";

        public object WithCanonicalCodes() => this with { AssociationCode = Codes.Canonical(AssociationCode), Category = Codes.Canonical(Category) };

        /// <summary>Title and text are read by triagers and responders, and the text is sent on as their own.</summary>
        public IEnumerable<(string Field, string? Text)> FreeText() => [("title", Title), ("body", Body)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Purpose).MaximumLength(20).NotEmpty().Must(purpose => purpose is null || ResponseTemplates.Purposes.Contains(purpose))
                .WithMessage($"'Purpose' must be one of: {string.Join(", ", ResponseTemplates.Purposes)}.");
            RuleFor(c => c.Category).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Title).OneLine(ResponseTemplates.TitleMaxLength);
            RuleFor(c => c.Body).FreeText(ResponseTemplates.BodyMaxLength);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, ResponseTemplates.Template>
    {
        private const string Insert = """
            INSERT INTO response_templates (id, association_id, category, purpose, title, body, created_at, updated_at)
            VALUES (@Id, @AssociationId, @Category, @Purpose, @Title, @Body, @Now, @Now)
            """;

        public async ValueTask<ResponseTemplates.Template> Handle(Command command, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, command.AssociationCode, cancellationToken);
            await ResponseTemplates.EnsureCategoryAsync(session, association.Id, command.Category, cancellationToken);

            var now = time.GetUtcNow();
            var template = new ResponseTemplates.Template(Guid.CreateVersion7(now), command.Purpose!, command.Category, command.Title!, command.Body!, now);
            await session.ExecuteAsync(Insert, new
            {
                template.Id,
                AssociationId = association.Id,
                template.Category,
                template.Purpose,
                template.Title,
                template.Body,
                Now = now,
            }, cancellationToken);
            await AuditLog.RecordAsync(session, callerContext.Caller, association.Id, "response-template.created", "response-template",
                template.Id.ToString(), null, template, now, cancellationToken);
            return template;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/associations/{code}/response-templates", Endpoint)
            .WithName("CreateResponseTemplate")
            .WithSummary("New response template of the association")
            .WithDescription("Offered on the forms of its purpose for the association's reports of its category (or of every category): the question "
                + "to the reporter, the question of a referral, a party's answer, the closing message. 400 for a category the association does not have.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    public static async Task<Created<ResponseTemplates.Template>> Endpoint(string code, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken)
    {
        var template = await mediator.Send(command with
        {
            AssociationCode = code,
            Category = string.IsNullOrWhiteSpace(command.Category) ? null : Codes.Canonical(command.Category),
            Title = command.Title?.Trim(),
            Body = command.Body?.Trim(),
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/response-templates/{template.Id}", template);
    }
}
