using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>A new area of an association (a municipality, a district): reports name one, routing rules may match it.</summary>
public static class CreateArea
{
    [Description("An area of the association.")]
    public sealed record Command(
        [property: Required, Description("Lower-case kebab-case, unique within the association (at most 50 characters).")] string? Code,
        [property: Required, Description("The area's name (at most 200 characters).")] string? Name)
        : ICommand<AreaResponse>, IHaveFreeText, IHaveCodes
    {
        [JsonIgnore]
        public string AssociationCode { get; init; } = "";

        public IEnumerable<(string Field, string? Text)> FreeText() => [("name", Name)];

        public object WithCanonicalCodes() => this with { AssociationCode = Codes.Canonical(AssociationCode), Code = Codes.Canonical(Code) };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Code).NotEmpty().KebabCaseCode();
            RuleFor(c => c.Name).DisplayName();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, AreaResponse>
    {
        private const string Insert = "INSERT INTO areas (id, association_id, code, name) VALUES (@Id, @AssociationId, @Code, @Name)";

        public async ValueTask<AreaResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, command.AssociationCode, cancellationToken);

            var now = time.GetUtcNow();
            var area = new AreaResponse(Guid.CreateVersion7(now), command.Code!, command.Name!);
            try
            {
                await session.ExecuteAsync(Insert, new { area.Id, AssociationId = association.Id, area.Code, area.Name }, cancellationToken);
            }
            catch (DbException exception) when (session.Dialect.IsUniqueViolation(exception))
            {
                throw new ConflictException("Code taken", $"The association already has an area with the code '{area.Code}'.");
            }

            await AuditLog.RecordAsync(session, callerContext.Caller, association.Id, "area.created", "area", area.Code, null, area, now, cancellationToken);
            return area;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPost("/associations/{code}/areas", Endpoint)
            .WithName("CreateArea")
            .WithSummary("New area of an association")
            .WithDescription("The code is unique within the association (409 otherwise) and cannot change; the name can.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Created<AreaResponse>> Endpoint(string code, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken)
    {
        var area = await mediator.Send(command with { AssociationCode = code, Code = Codes.Canonical(command.Code), Name = command.Name?.Trim() }, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/associations/{code}/areas/{area.Code}", area);
    }
}

/// <summary>An area as the administration API shows it.</summary>
public sealed record AreaResponse(Guid Id, string Code, string Name);
