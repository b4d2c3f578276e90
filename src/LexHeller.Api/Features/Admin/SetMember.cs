using Microsoft.AspNetCore.Mvc;

namespace LexHeller.Api.Features.Admin;

/// <summary>
/// Sets a member's roles in an association and the association's parties they act for: the member's grants
/// there become exactly these. An installation administrator may only make a member an administrator
/// (the association's first), which adds that role and changes nothing else.
/// </summary>
public static class SetMember
{
    [Description("The member's roles and parties in the association: replaces what they had.")]
    public sealed record Command(
        [property: Description("Any of 'reporter', 'responder', 'analyst', 'admin'. Triagers come from steering groups.")] IReadOnlyList<string>? Roles,
        [property: Description("The association's parties the member acts for: needed by reporter and responder, and only with one of them.")] IReadOnlyList<Guid>? PartyIds)
        : ICommand<MemberResponse>, IHaveCodes
    {
        [JsonIgnore]
        public string AssociationCode { get; init; } = "";

        [JsonIgnore]
        public string Email { get; init; } = "";

        public object WithCanonicalCodes() => this with
        {
            AssociationCode = Codes.Canonical(AssociationCode),
            Roles = Roles is null ? null : [.. Roles.Select(role => Codes.Canonical(role)!)],
        };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.AssociationCode).MaximumLength(AdminRules.CodeMaxLength);
            RuleFor(c => c.Email).Email();
            RuleFor(c => c.Roles).NotEmpty().WithMessage("Give at least one role in 'roles' (DELETE takes a member out).")
                .Must(roles => roles is null || roles.Count <= MemberRoleStore.Grantable.Count).WithMessage("Give each role once.");
            RuleFor(c => c.PartyIds).NotNull().WithMessage("Give 'partyIds' (an empty list when the member acts for no party).");
            RuleForEach(c => c.Roles).Must(role => role is not null && MemberRoleStore.Grantable.Contains(role))
                .WithMessage("'{PropertyValue}' is not a role: the roles are 'reporter', 'responder', 'analyst' and 'admin'.");
            RuleFor(c => c.PartyIds).Must(ids => ids!.Count > 0)
                .When(c => c.Roles is not null && c.PartyIds is not null && c.Roles.Any(MemberRoleStore.PartyRoles.Contains))
                .WithMessage("A reporter or responder acts for at least one of the association's parties: give 'partyIds'.");
            RuleFor(c => c.PartyIds).Must(ids => ids!.Count == 0)
                .When(c => c.Roles is not null && c.PartyIds is not null && !c.Roles.Any(MemberRoleStore.PartyRoles.Contains))
                .WithMessage("Only a reporter or responder acts for parties: add one of those roles, or give no 'partyIds'.");
            RuleFor(c => c.PartyIds).Must(ids => ids is null || ids.Count <= 100).WithMessage("Give at most 100 parties.");
        }
    }

    public sealed class Handler(DbSession session, CallerContext callerContext, IConfiguration configuration, TimeProvider time)
        : ICommandHandler<Command, MemberResponse>
    {
        private const string PartiesOfAssociation = "SELECT id FROM parties WHERE association_id = @AssociationId";

        public async ValueTask<MemberResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var caller = callerContext.Caller;
            var now = time.GetUtcNow();
            var (association, asAdministrator) = await AccessAsync(caller, command, cancellationToken);
            var current = await MemberRoleStore.ReadAsync(session, association.Id, command.Email, cancellationToken);

            var wanted = asAdministrator
                ? new MemberRoleStore.State(
                    [.. MemberRoleStore.Grantable.Where(command.Roles!.Contains)],
                    [.. command.PartyIds!.Distinct().Order()])
                : current with { Roles = [.. MemberRoleStore.Grantable.Where(role => role == Roles.Admin || current.Roles.Contains(role))] };

            var known = (await session.QueryAsync<Guid>(PartiesOfAssociation, new { AssociationId = association.Id }, cancellationToken)).ToHashSet();
            if (wanted.PartyIds.FirstOrDefault(id => !known.Contains(id)) is var unknown && unknown != Guid.Empty)
                throw new UnprocessableException("Unknown party", $"Party '{unknown}' is not a party of association '{association.Code}'.");
            if (current.Roles.Contains(Roles.Admin) && !wanted.Roles.Contains(Roles.Admin))
                await MemberRoleStore.EnsureNotLastAdministratorAsync(session, association.Id, command.Email, cancellationToken);

            // A carried-over grant (held only with the token's claim) is confirmed in the data even when the set looks the same.
            await MemberRoleStore.ReplaceAsync(session, association.Id, command.Email, current, wanted, now, cancellationToken);
            if (!(current.Roles.SequenceEqual(wanted.Roles) && current.PartyIds.SequenceEqual(wanted.PartyIds)))
            {
                await AuditLog.RecordAsync(session, caller, association.Id, "member.updated", "member", command.Email,
                    new MemberAudit(current.Roles, current.PartyIds), new MemberAudit(wanted.Roles, wanted.PartyIds), now, cancellationToken);
            }

            return await MemberResponse.ReadAsync(session, association.Id, command.Email, cancellationToken);
        }

        /// <summary>The association's administrators set anything; an installation administrator only ["admin"].</summary>
        private async Task<(AdminAssociation Association, bool AsAdministrator)> AccessAsync(Caller caller, Command command, CancellationToken cancellationToken)
        {
            try
            {
                return (await AdminAccess.AssociationAsync(session, caller, command.AssociationCode, cancellationToken), true);
            }
            catch (ForbiddenException)
            {
                if (!await InstallationAdministration.IsAsync(session, configuration, caller, cancellationToken))
                    throw;
                if (command.Roles is not [Roles.Admin] || command.PartyIds is not { Count: 0 })
                    throw new ForbiddenException("An installation administrator makes an association's first administrators (roles [\"admin\"], no parties), nothing else.");
                var association = await Associations.ReadAsync(session, command.AssociationCode, cancellationToken);
                return (new AdminAssociation { Id = association.Id, Code = association.Code, Name = association.Name }, false);
            }
        }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder admin) =>
        admin.MapPut("/associations/{code}/members/{email}", Endpoint)
            .WithName("SetMember")
            .WithSummary("Set a member's roles and parties in an association")
            .WithDescription("Replaces the member's roles ('reporter', 'responder', 'analyst', 'admin') and the association's parties they act for. "
                + "Reporter and responder need a party, and parties need one of them. An installation administrator may only give "
                + "[\"admin\"] (the first administrator). 409 when it would take away the association's last administrator.")
            .Accepts<Command>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Ok<MemberResponse>> Endpoint(string code, string email, [FromBody] Command command, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(command with
        {
            AssociationCode = code,
            Email = EmailRules.Normalize(email)?.ToLowerInvariant() ?? "",
            Roles = command.Roles?.Select(role => role?.Trim() ?? "").ToList(),
        }, cancellationToken));
}

/// <summary>A member of an association: their roles, the parties they act for, and the steering groups they sit in.</summary>
public sealed record MemberResponse(
    [property: Description("The member's e-mail address (their user key).")] string Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<MemberResponse.Reference> Parties,
    [property: Description("The steering groups the member sits in (they triage their queues).")] IReadOnlyList<MemberResponse.Reference> SteeringGroups)
{
    public sealed record Reference(Guid Id, string Name);

    private const string Sql = """
        SELECT user_key FROM association_members WHERE association_id = @AssociationId AND (@UserKey IS NULL OR user_key = @UserKey)
        UNION SELECT user_key FROM member_roles WHERE association_id = @AssociationId AND (@UserKey IS NULL OR user_key = @UserKey)
        UNION SELECT m.user_key FROM steering_group_members m JOIN steering_groups g ON g.id = m.steering_group_id
              WHERE g.association_id = @AssociationId AND (@UserKey IS NULL OR m.user_key = @UserKey)
        UNION SELECT pm.user_key FROM party_members pm JOIN parties p ON p.id = pm.party_id
              WHERE p.association_id = @AssociationId AND (@UserKey IS NULL OR pm.user_key = @UserKey);
        SELECT user_key, role FROM member_roles WHERE association_id = @AssociationId AND (@UserKey IS NULL OR user_key = @UserKey);
        SELECT pm.user_key, p.id, p.name FROM party_members pm JOIN parties p ON p.id = pm.party_id
        WHERE p.association_id = @AssociationId AND (@UserKey IS NULL OR pm.user_key = @UserKey) ORDER BY p.name COLLATE Finnish_Swedish_100_CI_AS;
        SELECT m.user_key, g.id, g.name FROM steering_group_members m JOIN steering_groups g ON g.id = m.steering_group_id
        WHERE g.association_id = @AssociationId AND (@UserKey IS NULL OR m.user_key = @UserKey) ORDER BY g.name COLLATE Finnish_Swedish_100_CI_AS;
        """;

    /// <summary>The association's members (or the one named), by e-mail address.</summary>
    public static async Task<IReadOnlyList<MemberResponse>> ListAsync(DbSession session, Guid associationId, string? userKey, CancellationToken cancellationToken)
    {
        await using var results = await session.QueryMultipleAsync(Sql, new { AssociationId = associationId, UserKey = userKey }, cancellationToken);
        var users = (await results.ReadAsync<string>()).Order(StringComparer.Ordinal).ToList();
        var roles = (await results.ReadAsync<Held>()).ToLookup(row => row.UserKey, row => row.Role);
        var parties = (await results.ReadAsync<Membership>()).ToLookup(row => row.UserKey, row => new Reference(row.Id, row.Name));
        var groups = (await results.ReadAsync<Membership>()).ToLookup(row => row.UserKey, row => new Reference(row.Id, row.Name));
        return [.. users.Select(user => new MemberResponse(user,
            [.. MemberRoleStore.Grantable.Where(role => roles[user].Contains(role))], [.. parties[user]], [.. groups[user]]))];
    }

    public static async Task<MemberResponse> ReadAsync(DbSession session, Guid associationId, string userKey, CancellationToken cancellationToken) =>
        (await ListAsync(session, associationId, userKey, cancellationToken)).SingleOrDefault() ?? new MemberResponse(userKey, [], [], []);

    private sealed class Held
    {
        public string UserKey { get; init; } = "";
        public string Role { get; init; } = "";
    }

    private sealed class Membership
    {
        public string UserKey { get; init; } = "";
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
    }
}
