using LexHeller.Api.Data.Operations;

namespace LexHeller.Api.Features.Admin.Apply;

/// <summary>
/// The <c>apply</c> command: makes an association match one YAML or JSON file, through the same use cases as the
/// administration API (so the same validation and audit log), as the shell's operator (<c>system:apply</c>), in one
/// transaction. A second run changes nothing; what exists but is not in the file is listed and left as is.
/// </summary>
public static class ApplyCommand
{
    public const string Name = "apply";

    public const string Usage = """
        Usage: dotnet LexHeller.Api.dll apply <file.yaml|file.json> [--dry-run]

        Creates or updates one association to match the file: its settings and notices, areas, parties,
        steering groups with their members and queues, members with their roles and parties, and routing
        rules (see docs/examples/association.yaml). Nothing is deleted: what exists but is not in the file
        is listed as "not in the file, left as is". Every change is an event in the association's audit log.

          --dry-run    print what would change, and change nothing

        Exit codes: 0 applied (or nothing to change); 1 the file was refused, nothing was changed; 2 wrong arguments.
        """;

    private static readonly string[] FlagOptions = ["dry-run", "help"];

    public static CommandArguments Arguments(IReadOnlyList<string> arguments) => CommandArguments.Parse(arguments, [], FlagOptions);

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, IServiceProvider services, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var parsed = Arguments(arguments);
        if (parsed.Flags.Contains("help"))
        {
            await output.WriteLineAsync(Usage);
            return CommandExitCodes.Done;
        }

        if (parsed.Positionals is not [var path] || parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync($"apply: give one file.{Environment.NewLine}{Environment.NewLine}{Usage}");
            return CommandExitCodes.Usage;
        }

        AssociationFile file;
        try
        {
            file = AssociationFile.Read(path);
        }
        catch (Exception exception) when (exception is AssociationFileException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"apply refused: {path}: {exception.Message}");
            return CommandExitCodes.Failed;
        }

        var dryRun = parsed.Flags.Contains("dry-run");
        // Run alone (not beside the service), the database may not be migrated yet: as `migrate` would (the schema only, never the association).
        services.GetRequiredService<DatabaseMigrator>().Migrate();
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerContext>().Set(Caller.System(Name));
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        await output.WriteLineAsync(dryRun ? $"Dry run of {path}: nothing will be changed." : $"Applying {path}.");

        await session.BeginTransactionAsync(ct);
        try
        {
            var result = await new AssociationApply(mediator, output, file).RunAsync(ct);
            if (dryRun)
                await session.RollbackAsync();
            else
                await session.CommitAsync(ct);

            await output.WriteLineAsync(result switch
            {
                { Changes: 0 } => $"No changes: {result.Code} matches the file.",
                _ when dryRun => $"Dry run: {result.Changes} change(s) would be made to {result.Code}; nothing was changed.",
                _ => $"Applied: {result.Changes} change(s) made to {result.Code}.",
            } + (result.LeftAsIs > 0 ? $" {result.LeftAsIs} thing(s) not in the file left as is." : ""));
            return CommandExitCodes.Done;
        }
        catch (Exception exception) when (Refusal(exception) is { } refusal)
        {
            await session.RollbackAsync();
            await error.WriteLineAsync($"apply refused: {path}: {refusal} Nothing was changed.");
            return CommandExitCodes.Failed;
        }
    }

    /// <summary>Why the file was refused, as the API would say it; null for a fault that is not the file's.</summary>
    private static string? Refusal(Exception exception) => exception switch
    {
        ApplyException apply => apply.Message,
        ValidationException validation => $"{ApplyException.Where(validation)}: "
            + string.Join(" ", validation.Errors.Select(failure => $"{JsonNamingPolicy.CamelCase.ConvertName(failure.PropertyName)}: {failure.ErrorMessage}")),
        PersonalNumberException personal => $"{ApplyException.Where(personal)}: a personal identity number in {string.Join(", ", personal.Fields)}.",
        ConflictException conflict => $"{ApplyException.Where(conflict)}: {conflict.Title}: {conflict.Message}",
        UnprocessableException unprocessable => $"{ApplyException.Where(unprocessable)}: {unprocessable.Title}: {unprocessable.Message}",
        NotFoundException or ForbiddenException => $"{ApplyException.Where(exception)}: {exception.Message}",
        _ => null,
    };
}

/// <summary>The file asks for something that cannot be done; the message names the entry.</summary>
public sealed class ApplyException(string message) : Exception(message)
{
    public const string EntryKey = "apply.entry";

    /// <summary>The entry of the file being applied when <paramref name="exception"/> was thrown.</summary>
    public static string Where(Exception exception) => exception.Data[EntryKey] as string ?? "the file";
}
