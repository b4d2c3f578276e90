using LexHeller.Api.Data.Operations;

namespace LexHeller.Api.Features.Admin;

/// <summary>
/// The <c>admin</c> command: grants from the shell, where no administrator exists yet. The shell's operator
/// acts as the installation (a system caller); every grant is an event in the audit log.
/// </summary>
public static class AdminCommand
{
    public const string Name = "admin";

    public const string Usage = """
        Usage: dotnet LexHeller.Api.dll admin grant --email <address> --installation
               dotnet LexHeller.Api.dll admin grant --email <address> --association <code> --role <admin|analyst>

          --installation   make the user an installation administrator: they create associations and their
                           first administrators (POST /api/v1/admin/associations), and nothing else
          --association    the association (its code) in which to grant --role to the user

        Exit codes: 0 granted (or already held); 1 refused; 2 wrong arguments.
        """;

    private static readonly string[] ValueOptions = ["email", "association", "role"];
    private static readonly string[] FlagOptions = ["installation", "help"];

    public static CommandArguments Arguments(IReadOnlyList<string> arguments) => CommandArguments.Parse(arguments, ValueOptions, FlagOptions);

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var parsed = Arguments(arguments);
        if (parsed.Flags.Contains("help"))
        {
            await output.WriteLineAsync(Usage);
            return CommandExitCodes.Done;
        }

        var email = EmailRules.Normalize(parsed["email"]);
        var installation = parsed.Flags.Contains("installation");
        var association = parsed["association"];
        var role = parsed["role"];
        var problem = parsed.Errors.FirstOrDefault()
            ?? (parsed.Positionals is not ["grant"] ? "give the action 'grant'." : null)
            ?? (email is null || !EmailRules.IsBareAddress(email) ? "give --email with one e-mail address." : null)
            ?? (installation == (association is not null) ? "give either --installation or --association <code>." : null)
            ?? (association is not null && role is not (Roles.Admin or Roles.Analyst) ? "give --role admin or --role analyst with --association." : null)
            ?? (installation && role is not null ? "--role goes with --association, not --installation." : null);
        if (problem is not null)
        {
            await error.WriteLineAsync($"admin: {problem}{Environment.NewLine}{Environment.NewLine}{Usage}");
            return CommandExitCodes.Usage;
        }

        var userKey = AdminRules.UserKey(email!);
        var caller = Caller.System(Name);
        // The first command on a fresh installation may be this one: the database is migrated first, as `migrate` would.
        services.GetRequiredService<DatabaseMigrator>().Migrate();
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        await session.BeginTransactionAsync(ct);
        try
        {
            string done;
            if (installation)
            {
                done = await InstallationAdministration.GrantAsync(session, caller, userKey, now, ct)
                    ? $"Granted: {userKey} is an installation administrator."
                    : $"Unchanged: {userKey} already is an installation administrator.";
            }
            else
            {
                var target = await session.QuerySingleOrDefaultAsync<AdminAssociation>(
                    "SELECT id, code, name FROM associations WHERE code = @Code", new { Code = Codes.Canonical(association) }, ct);
                if (target is null)
                {
                    await session.RollbackAsync();
                    await error.WriteLineAsync($"admin refused: there is no association with the code '{association}'.");
                    return CommandExitCodes.Failed;
                }

                var before = await MemberRoleStore.ReadAsync(session, target.Id, userKey, ct);
                await MemberRoleStore.GrantRoleAsync(session, target.Id, userKey, role!, now, ct);
                var after = await MemberRoleStore.ReadAsync(session, target.Id, userKey, ct);
                if (before == after || before.Roles.SequenceEqual(after.Roles))
                {
                    done = $"Unchanged: {userKey} already is {role} of {target.Code} ({target.Name}).";
                }
                else
                {
                    await AuditLog.RecordAsync(session, caller, target.Id, "member.updated", "member", userKey,
                        new MemberAudit(before.Roles, before.PartyIds), new MemberAudit(after.Roles, after.PartyIds), now, ct);
                    done = $"Granted: {userKey} is {role} of {target.Code} ({target.Name}).";
                }
            }

            await session.CommitAsync(ct);
            await output.WriteLineAsync(done);
            return CommandExitCodes.Done;
        }
        catch (DbException exception)
        {
            await session.RollbackAsync();
            await error.WriteLineAsync($"admin failed: {exception.Message}");
            return CommandExitCodes.Failed;
        }
    }
}
