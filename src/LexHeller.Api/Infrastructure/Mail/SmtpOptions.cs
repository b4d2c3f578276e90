namespace LexHeller.Api.Infrastructure.Mail;

/// <summary>The <c>Notifications:Smtp</c> settings. Without a <see cref="Host"/>, mail is written to the pickup directory.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Upgrade the connection with STARTTLS (required when true; plain SMTP when false).</summary>
    public bool UseStartTls { get; set; } = true;

    /// <summary>Authenticates when set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Lex Heller <noreply@lexheller.example>";

    /// <summary>How long one SMTP command may take before the attempt fails.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
