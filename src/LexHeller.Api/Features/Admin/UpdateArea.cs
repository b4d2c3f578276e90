using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>Renames an area (its code stays: reports and rules name it).</summary>
public static class UpdateArea
{
    [Description("The area's new name.")]
    public sealed record Command([property: Required, Description("At most 200 characters.")] string? Name) : ICommand<AreaResponse>, IHaveFreeText, IHaveCodes
    {
        [JsonIgnore]
        public string AssociationCode { get; init; } = "";

        [JsonIgnore]
        public string AreaCode { get; init; } = "";

        public IEnumerable<(string Field, string? Text)> FreeText() => [("name", Name)];

        public object WithCanonicalCodes() => this with { AssociationCode = Codes.Canonical(AssociationCode), AreaCode = Codes.Canonical(AreaCode) };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.AreaCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Name).DisplayName();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command, AreaResponse>
    {
        private const string Area = "SELECT id, code, name FROM areas WHERE association_id = @AssociationId AND code = @Code";
        private const string Rename = "UPDATE areas SET name = @Name WHERE id = @Id";

        public async ValueTask<AreaResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var association = await AdminAccess.AssociationAsync(session, callerContext.Caller, command.AssociationCode, cancellationToken);
            var before = await session.QuerySingleOrDefaultAsync<AreaResponse>(Area, new { AssociationId = association.Id, Code = command.AreaCode }, cancellationToken)
                ?? throw new NotFoundException($"Area '{command.AreaCode}'");
            var after = before with { Name = command.Name! };
            if (after == before)
                return before;

            await session.ExecuteAsync(Rename, after, cancellationToken);
            await AuditLog.RecordAsync(session, callerContext.Caller, association.Id, "area.updated", "area", before.Code, before, after, time.GetUtcNow(), cancellationToken);
            return after;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPatch("/associations/{code}/areas/{areaCode}", Endpoint)
            .WithName("UpdateArea")
            .WithSummary("Rename an area")
            .WithDescription("The code stays as it is: reports and routing rules name the area by it.")
            .Accepts<Command>("application/json", "application/merge-patch+json")
            .ProducesValidationProblem();

    public static async Task<Ok<AreaResponse>> Endpoint(string code, string areaCode, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with { AssociationCode = code, AreaCode = areaCode, Name = command.Name?.Trim() }, cancellationToken));
}
