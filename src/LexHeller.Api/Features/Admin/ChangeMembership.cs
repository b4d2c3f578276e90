namespace LexHeller.Api.Features.Admin;

/// <summary>
/// The memberships an administrator keeps, by the user's lower-cased e-mail address: the triagers of a
/// steering group (they see and handle its queues' reports) and the contact persons of a party (they
/// receive and answer the referrals to it). Adding is idempotent; removing one that is not there is 404.
/// </summary>
public static class ChangeMembership
{
    public enum Membership
    {
        SteeringGroupMember,
        PartyContact,
    }

    public sealed record Command(Membership Of, Guid OwnerId, string Email, bool Add) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).Email().When(c => c.Add);
            RuleFor(c => c.Email).StoredUserKey().When(c => !c.Add);
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, TimeProvider time) : ICommandHandler<Command>
    {
        private const string AddGroupMember = """
            INSERT INTO steering_group_members (steering_group_id, user_key)
            SELECT @OwnerId, @UserKey
            WHERE NOT EXISTS (SELECT 1 FROM steering_group_members WHERE steering_group_id = @OwnerId AND user_key = @UserKey)
            """;

        private const string RemoveGroupMember = "DELETE FROM steering_group_members WHERE steering_group_id = @OwnerId AND user_key = @UserKey";

        private const string AddPartyContact = """
            INSERT INTO party_members (party_id, user_key)
            SELECT @OwnerId, @UserKey
            WHERE NOT EXISTS (SELECT 1 FROM party_members WHERE party_id = @OwnerId AND user_key = @UserKey)
            """;

        private const string RemovePartyContact = "DELETE FROM party_members WHERE party_id = @OwnerId AND user_key = @UserKey";

        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var (add, remove, what) = command.Of switch
            {
                Membership.SteeringGroupMember => (AddGroupMember, RemoveGroupMember, $"Member '{command.Email}' of steering group '{command.OwnerId}'"),
                _ => (AddPartyContact, RemovePartyContact, $"Contact '{command.Email}' of party '{command.OwnerId}'"),
            };
            var associationId = await (command.Of == Membership.SteeringGroupMember
                ? AdminAccess.SteeringGroupAsync(session, callerContext.Caller, command.OwnerId, cancellationToken)
                : AdminAccess.PartyAsync(session, callerContext.Caller, command.OwnerId, cancellationToken));

            var arguments = new { command.OwnerId, UserKey = command.Email };
            try
            {
                var changed = await session.ExecuteAsync(command.Add ? add : remove, arguments,
                    cancellationToken);
                if (changed == 0 && !command.Add)
                    throw new NotFoundException(what);
                if (changed > 0)
                    await RecordAsync(command, associationId, cancellationToken);
                if (command.Of == Membership.PartyContact)
                    await KeepResponderRoleAsync(command, associationId, cancellationToken);
            }
            catch (DbException exception) when (command.Add && session.Dialect.IsUniqueViolation(exception))
            {
                // A concurrent request added the same membership: the outcome asked for holds.
            }

            return Unit.Value;
        }

        private Task RecordAsync(Command command, Guid associationId, CancellationToken cancellationToken)
        {
            var (type, owner) = command.Of == Membership.SteeringGroupMember
                ? ("steering-group-member", "steeringGroupId")
                : ("party-contact", "partyId");
            var membership = new Dictionary<string, object> { [owner] = command.OwnerId, ["email"] = command.Email };
            return AuditLog.RecordAsync(session, callerContext.Caller, associationId, $"{type}.{(command.Add ? "added" : "removed")}", type,
                $"{command.OwnerId}/{command.Email}", command.Add ? null : membership, command.Add ? membership : null, time.GetUtcNow(), cancellationToken);
        }

        /// <summary>
        /// A contact person answers as a responder: adding one grants the role in the party's association (and its
        /// membership); removing their last party there takes the party roles (responder, reporter) away.
        /// </summary>
        private async Task KeepResponderRoleAsync(Command command, Guid associationId, CancellationToken cancellationToken)
        {
            if (command.Add)
            {
                await MemberRoleStore.GrantRoleAsync(session, associationId, command.Email, Roles.Responder, time.GetUtcNow(), cancellationToken);
                return;
            }

            var grants = await MemberRoleStore.ReadAsync(session, associationId, command.Email, cancellationToken);
            if (grants.PartyIds.Count > 0)
                return;
            foreach (var role in MemberRoleStore.PartyRoles)
                await MemberRoleStore.RevokeRoleAsync(session, associationId, command.Email, role, cancellationToken);
            await MemberRoleStore.KeepMembershipAsync(session, associationId, command.Email, cancellationToken);
        }
    }

    /// <summary>PUT adds a triager to a steering group, DELETE takes one out.</summary>
    public static void MapSteeringGroupMembers(RouteGroupBuilder admin)
    {
        admin.MapPut("/steering-groups/{id:guid}/members/{email}", Endpoint(Membership.SteeringGroupMember, add: true))
            .WithName("AddSteeringGroupMember")
            .WithSummary("Make a user a member (triager) of a steering group")
            .WithDescription("Idempotent. Users are keyed by their e-mail address, lower-cased: the token's email claim.")
            .ProducesValidationProblem();

        admin.MapDelete("/steering-groups/{id:guid}/members/{email}", Endpoint(Membership.SteeringGroupMember, add: false))
            .WithName("RemoveSteeringGroupMember")
            .WithSummary("Take a member out of a steering group")
            .WithDescription("404 when the user is not a member.")
            .ProducesValidationProblem();
    }

    /// <summary>PUT makes a user a contact person of a party, DELETE removes one.</summary>
    public static void MapPartyContacts(RouteGroupBuilder admin)
    {
        admin.MapPut("/parties/{id:guid}/contacts/{email}", Endpoint(Membership.PartyContact, add: true))
            .WithName("AddPartyContact")
            .WithSummary("Make a user a contact person of a party")
            .WithDescription("Idempotent. Contact persons receive and answer the referrals to their party. Users are keyed by their e-mail address, lower-cased.")
            .ProducesValidationProblem();

        admin.MapDelete("/parties/{id:guid}/contacts/{email}", Endpoint(Membership.PartyContact, add: false))
            .WithName("RemovePartyContact")
            .WithSummary("Remove a contact person from a party")
            .WithDescription("404 when the user is not a contact person of the party.")
            .ProducesValidationProblem();
    }

    public static Func<Guid, string, IMediator, CancellationToken, Task<NoContent>> Endpoint(Membership of, bool add) =>
        async (id, email, mediator, cancellationToken) =>
        {
            await mediator.Send(new Command(of, id, AdminRules.UserKey(email), add), cancellationToken);
            return TypedResults.NoContent();
        };
}
