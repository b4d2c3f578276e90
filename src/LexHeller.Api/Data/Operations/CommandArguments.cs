namespace LexHeller.Api.Data.Operations;

/// <summary>
/// A command's own arguments (<c>--from value</c>, <c>--from=value</c>, flags, positional values) split
/// from the rest, which stays configuration (<c>--Logging:LogLevel:Default Warning</c>).
/// </summary>
public sealed class CommandArguments
{
    private CommandArguments()
    {
    }

    public Dictionary<string, string> Options { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    /// <summary>Everything that is not the command's: handed to the host as configuration.</summary>
    public List<string> Configuration { get; } = [];

    public List<string> Errors { get; } = [];

    public string? this[string option] => Options.GetValueOrDefault(option);

    public static CommandArguments Parse(IReadOnlyList<string> arguments, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flags)
    {
        var parsed = new CommandArguments();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positionals.Add(argument);
                continue;
            }

            var separator = argument.IndexOf('=', StringComparison.Ordinal);
            var name = separator < 0 ? argument[2..] : argument[2..separator];
            if (flags.Contains(name) && separator < 0)
            {
                parsed.Flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                var value = separator >= 0 ? argument[(separator + 1)..] : i + 1 < arguments.Count ? arguments[++i] : null;
                if (string.IsNullOrWhiteSpace(value))
                    parsed.Errors.Add($"--{name} needs a value.");
                else if (!parsed.Options.TryAdd(name, value))
                    parsed.Errors.Add($"--{name} is given twice.");
            }
            else
            {
                // Configuration: --Key value or --Key=value.
                parsed.Configuration.Add(argument);
                if (separator < 0 && i + 1 < arguments.Count)
                    parsed.Configuration.Add(arguments[++i]);
            }
        }

        return parsed;
    }
}

/// <summary>The data commands' exit codes.</summary>
public static class CommandExitCodes
{
    public const int Done = 0;

    /// <summary>Refused or failed; nothing was changed (the copy's transaction was rolled back).</summary>
    public const int Failed = 1;

    /// <summary>The arguments were wrong; the usage is printed.</summary>
    public const int Usage = 2;
}
