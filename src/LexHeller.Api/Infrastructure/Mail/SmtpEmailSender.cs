using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace LexHeller.Api.Infrastructure.Mail;

/// <summary>Sends through the SMTP server of <c>Notifications:Smtp</c>, one connection per message.</summary>
public sealed class SmtpEmailSender(SmtpOptions options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    private readonly string _host = options.Host ?? throw new ArgumentException("An SMTP host is required.", nameof(options));

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        var security = options.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
        await client.ConnectAsync(_host, options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        await client.SendAsync(message, cancellationToken);

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ProtocolException or SmtpCommandException)
        {
            // The server has taken the message: failing now would send it again.
            logger.LogDebug(exception, "Closing the SMTP connection after message {MessageId} failed", message.MessageId);
        }
    }
}
