using MimeKit;

namespace LexHeller.Api.Infrastructure.Mail;

/// <summary>The <c>Notifications</c> settings: whether the background jobs run, how often, and where mail goes.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Runs the outbox dispatcher and the referral reminder job. Off, mail stays queued in the outbox.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the dispatcher looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many due messages one pass claims at most; a full batch is followed by another pass at once.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long a claimed message is reserved for this instance; longer than one send with its quick retries.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many failed attempts a message gets: the one that reaches this marks it dead (a dead letter, kept
    /// with its last error and listed for the association's administrators), and it is not tried again.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How often the reminder job looks for referrals to remind about, and the digest job for digests to send.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A party is reminded this many days before an open referral is due (and once after it is overdue).</summary>
    public int ReminderDaysBeforeDue { get; set; } = 7;

    /// <summary>
    /// A referral overdue by this many days (Swedish days past its due date) is escalated once: the party's manager
    /// contact (set on the admin parties page) is told too. 0 turns escalation off.
    /// </summary>
    public int EscalateAfterDaysOverdue { get; set; } = 14;

    /// <summary>The hour (Swedish time, 0–23) from which each day's digest is sent to members who chose one.</summary>
    public int DigestHour { get; set; } = 7;

    /// <summary>Where <c>.eml</c> files go when no SMTP host is set; relative paths start at the content root.</summary>
    public string PickupDirectory { get; set; } = "";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Reads and checks the settings; a mistake stops the start-up with a message that names the setting.</summary>
    public static NotificationOptions FromConfiguration(IConfiguration configuration, string contentRootPath)
    {
        var options = configuration.GetSection(Section).Get<NotificationOptions>() ?? new NotificationOptions();
        options.PickupDirectory = Path.GetFullPath(Path.Combine(contentRootPath,
            string.IsNullOrWhiteSpace(options.PickupDirectory) ? Path.Combine("App_Data", "mail") : options.PickupDirectory));

        Require(options.PollInterval > TimeSpan.Zero, "PollInterval must be positive.");
        Require(options.ReminderInterval > TimeSpan.Zero, "ReminderInterval must be positive.");
        Require(options.LeaseDuration > TimeSpan.Zero, "LeaseDuration must be positive.");
        Require(options.BatchSize is >= 1 and <= 1000, "BatchSize must be between 1 and 1000.");
        Require(options.MaxAttempts is >= 1 and <= 1000, "MaxAttempts must be between 1 and 1000.");
        Require(options.ReminderDaysBeforeDue is >= 0 and <= 365, "ReminderDaysBeforeDue must be between 0 and 365.");
        Require(options.EscalateAfterDaysOverdue is >= 0 and <= 365, "EscalateAfterDaysOverdue must be between 0 and 365.");
        Require(options.DigestHour is >= 0 and <= 23, "DigestHour must be between 0 and 23.");
        Require(options.Smtp.Port is >= 1 and <= 65535, "Smtp:Port must be between 1 and 65535.");
        Require(options.Smtp.Timeout > TimeSpan.Zero, "Smtp:Timeout must be positive.");
        Require(MailboxAddress.TryParse(options.Smtp.From, out _), $"Smtp:From '{options.Smtp.From}' is not an e-mail address.");
        return options;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
            throw new InvalidOperationException($"{Section}:{message}");
    }
}
