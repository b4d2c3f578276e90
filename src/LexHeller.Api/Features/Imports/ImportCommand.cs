using LexHeller.Api.Data.Operations;

namespace LexHeller.Api.Features.Imports;

/// <summary>
/// The <c>import</c> command: an association's old register imported from a file on the server, as the upload does it
/// (<see cref="ImportRegister"/>), for an operator who runs the service. It acts as the service itself
/// (<c>system:import</c> in the history and the audit log).
/// </summary>
public static class ImportCommand
{
    public const string Name = "import";

    public const string Usage = """
        Usage: dotnet LexHeller.Api.dll import --association CODE --file PATH [--mapping PATH] [--dry-run]

        Imports an association's old register (CSV or XLSX, by the file's extension) into the configured database.
        The first row names the columns, as the template does (GET /api/v1/admin/associations/CODE/imports/template.csv),
        or as a mapping file says: JSON {"columns": {"eventDate": "Datum", …}, "categories": {"Rundgång": "responsibility-gap"}}.
        Every row that cannot be imported is printed with its row number (the header is row 1), column and reason; a
        personal identity number is reported by its cell, never printed. Without --dry-run the rows that pass are imported,
        all in one transaction, and the refused ones are not. Rows imported before are not imported again.

          --association CODE   the association's code
          --file PATH          the register, .csv or .xlsx
          --mapping PATH       a JSON mapping of our fields to the register's headers, and of its categories to ours
          --dry-run            check only: store nothing

        Exit codes: 0 every row imported (or would be) or imported before; 1 some rows were refused (without --dry-run the
        others were imported), or the file could not be read; 2 wrong arguments.
        """;

    private static readonly string[] ValueOptions = ["association", "file", "mapping"];
    private static readonly string[] FlagOptions = ["dry-run", "help"];

    public static CommandArguments Arguments(IReadOnlyList<string> arguments) => CommandArguments.Parse(arguments, ValueOptions, FlagOptions);

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, IServiceProvider services, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var parsed = Arguments(arguments);
        if (parsed.Flags.Contains("help"))
        {
            await output.WriteLineAsync(Usage);
            return CommandExitCodes.Done;
        }

        var problems = parsed.Errors.Concat(parsed.Positionals.Select(extra => $"'{extra}' is not an option."))
            .Concat(new[] { "association", "file" }.Where(option => parsed[option] is null).Select(option => $"--{option} is required."))
            .ToList();
        var path = parsed["file"];
        var format = RegisterFile.FormatOfFileName(path);
        if (path is not null && format is null)
            problems.Add("--file must name a .csv or .xlsx file.");
        if (problems.Count > 0)
        {
            await error.WriteLineAsync($"import: {string.Join(" ", problems)}{Environment.NewLine}{Environment.NewLine}{Usage}");
            return CommandExitCodes.Usage;
        }

        byte[] content;
        string? mapping;
        try
        {
            content = await File.ReadAllBytesAsync(path!, cancellationToken);
            mapping = parsed["mapping"] is { } mappingPath ? await File.ReadAllTextAsync(mappingPath, cancellationToken) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"import failed: {exception.Message}");
            return CommandExitCodes.Failed;
        }

        // Run alone (not beside the service), the database may not be migrated yet: as `migrate` would.
        services.GetRequiredService<DatabaseMigrator>().Migrate();
        var dryRun = parsed.Flags.Contains("dry-run");
        var command = new ImportRegister.Command(parsed["association"]!, content, format!.Value, Path.GetFileName(path!), mapping, dryRun);
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var import = scope.ServiceProvider.GetRequiredService<RegisterImport>();
        ImportOutcome outcome;
        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            var target = await session.QuerySingleOrDefaultAsync<ImportTarget>(ImportTarget.ByCode, new { Code = Codes.Canonical(command.AssociationCode) }, cancellationToken)
                ?? throw new NotFoundException($"Association '{command.AssociationCode}'");
            await output.WriteLineAsync($"{(dryRun ? "Dry run: checking" : "Importing")} {command.FileName} into {target.Name} ({target.Code})…");
            outcome = await ImportRegister.RunAsync(import, target, command, Caller.System("import"), cancellationToken,
                message => output.WriteLine(message));
            await session.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is ValidationException or NotFoundException)
        {
            await session.RollbackAsync();
            var message = exception is ValidationException invalid ? string.Join(" ", invalid.Errors.Select(failure => failure.ErrorMessage)) : exception.Message;
            await error.WriteLineAsync($"import refused: {message}");
            return CommandExitCodes.Failed;
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }

        foreach (var refusal in outcome.Refused)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Row {refusal.Row}, {(refusal.Column.Length > 0 ? refusal.Column : "the row")}: {refusal.Reason}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{outcome.Rows} rows: {outcome.Accepted} {(dryRun ? "would be imported" : "imported")}, {outcome.AlreadyImported} imported before, "
            + $"{outcome.Refused.Select(refusal => refusal.Row).Distinct().Count()} refused ({outcome.Refused.Count} reasons).{(dryRun ? " Nothing was stored." : "")}"));
        return outcome.Refused.Count == 0 ? CommandExitCodes.Done : CommandExitCodes.Failed;
    }
}
