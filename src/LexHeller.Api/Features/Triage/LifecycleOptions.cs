namespace LexHeller.Api.Features.Triage;

/// <summary>The <c>Lifecycle</c> settings: the ways out of a state that depend on time.</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>
    /// Days a question to the reporter must have gone unanswered before a report waiting for the reporter may be
    /// closed (with an early resolution) without withdrawing the question first. 30 by default.
    /// </summary>
    public int CloseAfterSilenceDays { get; set; } = 30;

    /// <summary>Reads and checks the settings; a mistake stops the start-up with a message that names the setting.</summary>
    public static LifecycleOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<LifecycleOptions>() ?? new LifecycleOptions();
        if (options.CloseAfterSilenceDays is < 1 or > 365)
            throw new InvalidOperationException($"{Section}:CloseAfterSilenceDays must be between 1 and 365 days.");
        return options;
    }
}
