namespace LexHeller.Api.Features.Privacy;

/// <summary>The <c>Retention</c> settings: how long a reporter's contact outlives the report's closure.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Runs the purge job. Off, contacts are kept until it is turned on again.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Calendar months after closure at which a reporter's contact is purged (docs/domain.md#privacy: configurable; 12 by default).</summary>
    public int ReporterContactMonthsAfterClosure { get; set; } = 12;

    /// <summary>How often the purge job looks for contacts that are due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Reads and checks the settings; a mistake stops the start-up with a message that names the setting.</summary>
    public static RetentionOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<RetentionOptions>() ?? new RetentionOptions();
        if (options.ReporterContactMonthsAfterClosure is < 1 or > 120)
            throw new InvalidOperationException($"{Section}:ReporterContactMonthsAfterClosure must be between 1 and 120 months.");
        // A timer waits at most 49.7 days (uint.MaxValue - 1 ms); a longer interval would stop the host when the job waits.
        if (options.Interval <= TimeSpan.Zero || options.Interval > TimeSpan.FromDays(49))
            throw new InvalidOperationException($"{Section}:Interval must be positive and at most 49 days.");
        return options;
    }

    /// <summary>Contacts of reports closed at or before this instant are due for purging at <paramref name="now"/>.</summary>
    public DateTimeOffset PurgeClosedBefore(DateTimeOffset now) => now.AddMonths(-ReporterContactMonthsAfterClosure);
}
