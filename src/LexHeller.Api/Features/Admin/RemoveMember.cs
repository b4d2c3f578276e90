namespace LexHeller.Api.Features.Admin;

/// <summary>Takes a member out of an association: their roles, their parties' memberships and their steering groups there.</summary>
public static class RemoveMember
{
    public sealed record Command(string AssociationCode, string Email) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Email).StoredUserKey();
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command>
    {
        private const string Remove = """
            DELETE FROM member_roles WHERE association_id = @AssociationId AND user_key = @UserKey;
            DELETE FROM party_members WHERE user_key = @UserKey AND party_id IN (SELECT id FROM parties WHERE association_id = @AssociationId);
            DELETE FROM steering_group_members WHERE user_key = @UserKey
              AND steering_group_id IN (SELECT id FROM steering_groups WHERE association_id = @AssociationId);
            DELETE FROM association_members WHERE association_id = @AssociationId AND user_key = @UserKey;
            """;

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var association = await AdminAccess.AssociationAsync(session, caller, command.AssociationCode, cancellationToken);
            var before = (await MemberResponse.ListAsync(session, association.Id, command.Email, cancellationToken)).SingleOrDefault()
                ?? throw new NotFoundException($"Member '{command.Email}' of association '{association.Code}'");
            if (before.Roles.Contains(Roles.Admin))
                await MemberRoleStore.EnsureNotLastAdministratorAsync(session, association.Id, command.Email, cancellationToken);

            await session.ExecuteAsync(Remove, new { AssociationId = association.Id, UserKey = command.Email }, cancellationToken);
            await AuditLog.RecordAsync(session, caller, association.Id, "member.removed", "member", command.Email,
                before, null, time.GetUtcNow(), cancellationToken);
            return Unit.Value;
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapDelete("/associations/{code}/members/{email}", Endpoint)
            .WithName("RemoveMember")
            .WithSummary("Take a member out of an association")
            .WithDescription("Removes the member's roles, their memberships of the association's parties and steering groups. "
                + "404 when not a member; 409 for the association's last administrator.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<NoContent> Endpoint(string code, string email, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new Command(code, AdminRules.UserKey(email)), cancellationToken);
        return TypedResults.NoContent();
    }
}
