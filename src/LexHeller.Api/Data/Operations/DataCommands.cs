namespace LexHeller.Api.Data.Operations;

/// <summary>The data commands of the entry point (<c>copy</c>, <c>backup</c>): their own arguments, and the rest as configuration.</summary>
public static class DataCommands
{
    public static bool Handles(string? command) => command is CopyCommand.Name or BackupCommand.Name;

    /// <summary>What the host reads as configuration: the arguments without the command's own.</summary>
    public static string[] ConfigurationArguments(string? command, string[] arguments) => command switch
    {
        CopyCommand.Name => [.. CopyCommand.Arguments(arguments).Configuration],
        BackupCommand.Name => [.. BackupCommand.Arguments(arguments).Configuration],
        _ => arguments,
    };

    public static Task<int> RunAsync(string command, string[] arguments, IServiceProvider services, CancellationToken ct = default) => command switch
    {
        CopyCommand.Name => CopyCommand.RunAsync(arguments, services, Console.Out, Console.Error, ct),
        BackupCommand.Name => BackupCommand.RunAsync(arguments, services, Console.Out, Console.Error, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a data command."),
    };
}
