using LexHeller.Api.Composition;
using LexHeller.Api.Data.Operations;
using LexHeller.Api.Features.Admin;
using LexHeller.Api.Features.Admin.Apply;

// A command, when there is one, comes first (`migrate`); everything else is configuration (`--urls …`).
var command = args is [var first, ..] && !first.StartsWith('-') && !first.Contains('=') ? first : null;
// The content root and the web root are the application's own, whatever directory it is started from.
var builder = WebApplication.CreateBuilder(ApplicationDirectories.Options(
    command is null ? args
        : command is AdminCommand.Name ? [.. AdminCommand.Arguments(args[1..]).Configuration]
        : command is ApplyCommand.Name ? [.. ApplyCommand.Arguments(args[1..]).Configuration]
        : DataCommands.ConfigurationArguments(command, args[1..])));

// `health` asks the running service whether it is ready (the image's HEALTHCHECK): exit 0 or 1, nothing started.
if (command == "health")
    return await HealthCommand.RunAsync(builder.Configuration, Console.Out);

builder.AddLexHeller();
var app = builder.Build();

switch (command)
{
    case null:
        break;
    case "migrate":
        app.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        return 0;
    case AdminCommand.Name:
        // admin grant --email … --installation | --association CODE --role admin (Features/Admin).
        return await AdminCommand.RunAsync(args[1..], app.Services, Console.Out, Console.Error);
    case ApplyCommand.Name:
        // apply <file> [--dry-run]: an association as one YAML or JSON file describes it (Features/Admin/Apply).
        return await ApplyCommand.RunAsync(args[1..], app.Services, Console.Out, Console.Error);
    case var data when DataCommands.Handles(data):
        // copy: SQLite into an empty SQL Server database; backup: an online copy of the SQLite file (Data/Operations).
        return await DataCommands.RunAsync(data!, args[1..], app.Services);
    default:
        await Console.Error.WriteLineAsync($"Unknown command '{command}'. The commands are 'migrate', 'health', 'copy', 'backup', 'admin' and 'apply'.");
        return 2;
}

app.UseLexHellerPipeline();
app.MapLexHellerEndpoints();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
