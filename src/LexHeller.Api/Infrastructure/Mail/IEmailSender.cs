using MimeKit;

namespace LexHeller.Api.Infrastructure.Mail;

/// <summary>Hands a finished message to the mail system. Throws when it was not accepted.</summary>
public interface IEmailSender
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
