using System.Threading.Channels;
using LexHeller.Api.Infrastructure.Mail;
using MimeKit;
using MimeKit.Text;

namespace LexHeller.Api.Features.SignIn;

/// <summary>A request for a link, as the form took it: the address, where to go after signing in, and the link's address up to the token.</summary>
public sealed record EmailSignInRequest(string Email, string? ReturnUrl, string LinkPrefix);

/// <summary>
/// Sends sign-in links, away from the request that asked: the form only queues the request here and answers
/// at once, the same for every address, so neither the answer nor its timing tells whether an address is
/// registered. In the background each request is looked up; only for a registered address is a link made and
/// mailed. A request lost in a restart is asked again by its user; the queue is bounded, and one that is full
/// drops the newest request. The address is never logged.
/// </summary>
public sealed class EmailSignInMailer(
    IServiceScopeFactory scopes,
    EmailDelivery delivery,
    EmailSignInOptions options,
    NotificationOptions notifications,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<EmailSignInMailer> logger) : BackgroundService
{
    public const string Subject = "Din inloggningslänk till Lex Heller";

    private const string IsRegistered = """
        SELECT CASE WHEN EXISTS (SELECT 1 FROM member_roles WHERE user_key = @UserKey)
            OR EXISTS (SELECT 1 FROM association_members WHERE user_key = @UserKey)
            OR EXISTS (SELECT 1 FROM party_members WHERE user_key = @UserKey)
            OR EXISTS (SELECT 1 FROM steering_group_members WHERE user_key = @UserKey)
            OR EXISTS (SELECT 1 FROM installation_administrators WHERE user_key = @UserKey)
            THEN 1 ELSE 0 END
        """;

    private readonly Channel<EmailSignInRequest> _queue = Channel.CreateBounded<EmailSignInRequest>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Queues a request; returns at once and says nothing of the address.</summary>
    public void Enqueue(EmailSignInRequest request)
    {
        if (!_queue.Writer.TryWrite(request))
            logger.LogWarning("The queue of sign-in link requests is full: a request was dropped");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await SendAsync(request, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("A sign-in link could not be made or sent: {Error}", MailErrors.Describe(exception, request.Email));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: requests still queued are dropped, and their users ask again.
        }
    }

    private async Task SendAsync(EmailSignInRequest request, CancellationToken cancellationToken)
    {
        var userKey = request.Email.Trim().ToLowerInvariant();
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        if (!ConfiguredInstallationAdministrators().Contains(userKey)
            && await session.ScalarAsync<int>(IsRegistered, new { UserKey = userKey }, cancellationToken) != 1)
        {
            logger.LogInformation("A sign-in link was asked for an address that is not registered: nothing was sent");
            return;
        }

        var now = time.GetUtcNow();
        var token = await SignInLinks.CreateAsync(session, userKey, request.ReturnUrl, now, options.LinkLifetime, cancellationToken);
        await delivery.SendAsync(Message(userKey, request.LinkPrefix + token), cancellationToken);
        logger.LogInformation("A sign-in link was sent; it holds for {Lifetime}", options.LinkLifetime);
    }

    private HashSet<string> ConfiguredInstallationAdministrators() =>
        configuration.GetSection("Administration:InstallationAdministrators").GetChildren()
            .Select(child => child.Value?.Trim().ToLowerInvariant())
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    private MimeMessage Message(string address, string link)
    {
        var minutes = (int)Math.Round(options.LinkLifetime.TotalMinutes);
        var message = new MimeMessage
        {
            Subject = Subject,
            MessageId = $"{Guid.NewGuid():D}@lexheller",
            Body = new TextPart(TextFormat.Plain)
            {
                Text = $"""
                    Hej!

                    Någon, förhoppningsvis du, har bett om en länk för att logga in i Lex Heller med den här e-postadressen.

                    Öppna länken och tryck på knappen Logga in:
                    {link}

                    Länken gäller i {minutes} minuter och kan bara användas en gång. Behöver du en ny, be om den på inloggningssidan.

                    Om du inte har bett om länken kan du bortse från det här meddelandet. Ingen kan logga in utan länken.

                    Lex Heller
                    """,
            },
        };
        message.From.Add(MailboxAddress.Parse(notifications.Smtp.From));
        message.To.Add(MailboxAddress.Parse(address));
        return message;
    }
}
