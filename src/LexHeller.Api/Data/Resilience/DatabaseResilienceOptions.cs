namespace LexHeller.Api.Data.Resilience;

/// <summary>
/// The <c>Database:Resilience</c> settings: how work that met a transient SQL Server fault is run again.
/// On by default on SQL Server, off on SQLite (whose busy timeout is its only wait).
/// </summary>
public sealed class DatabaseResilienceOptions
{
    public const string Section = "Database:Resilience";

    /// <summary>Null: on for SQL Server, off for SQLite. A test turns it on over SQLite to inject faults.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Retries after the first attempt; a fault that outlasts them becomes a 503 with Retry-After.</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The first retry's median delay; each further one doubles it (with jitter).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>No retry waits longer than this; it is also the Retry-After of the 503 when all retries failed.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether the retries run for <paramref name="provider"/>.</summary>
    public bool IsEnabledFor(DatabaseProvider provider) => Enabled ?? provider == DatabaseProvider.SqlServer;

    /// <summary>Reads and checks the settings; a mistake stops the start-up with a message that names the setting.</summary>
    public static DatabaseResilienceOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<DatabaseResilienceOptions>() ?? new DatabaseResilienceOptions();
        Require(options.MaxRetryAttempts is >= 0 and <= 10, "MaxRetryAttempts must be between 0 and 10.");
        Require(options.BaseDelay > TimeSpan.Zero, "BaseDelay must be positive.");
        Require(options.MaxDelay >= options.BaseDelay, "MaxDelay must not be shorter than BaseDelay.");
        Require(options.MaxDelay <= TimeSpan.FromMinutes(1), "MaxDelay must be at most a minute: a request waits for it.");
        return options;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
            throw new InvalidOperationException($"{Section}:{message}");
    }
}
