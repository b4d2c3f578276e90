using LexHeller.Api.Infrastructure.Mail;

namespace LexHeller.Api.Features.Notifications;

public static class NotificationsSetup
{
    /// <summary>
    /// E-mail through SMTP when <c>Notifications:Smtp:Host</c> is set, else <c>.eml</c> files in the
    /// pickup directory; the outbox dispatcher and the referral reminder job unless
    /// <c>Notifications:Enabled</c> is false, and the daily digest job; and migration 0017 that bounds the dedup keys queued before.
    /// </summary>
    public static IServiceCollection AddLexHellerNotifications(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = NotificationOptions.FromConfiguration(configuration, environment.ContentRootPath);
        services.AddSingleton(options);
        if (string.IsNullOrWhiteSpace(options.Smtp.Host))
            services.AddSingleton<IEmailSender>(new PickupDirectoryEmailSender(options.PickupDirectory));
        else
            services.AddSingleton<IEmailSender>(sp => new SmtpEmailSender(options.Smtp, sp.GetRequiredService<ILogger<SmtpEmailSender>>()));
        services.AddSingleton<EmailDelivery>();
        services.AddSingleton<IOutboxAddressing, OutboxAddressing>();
        services.AddSingleton(new CodeMigration(BoundOutboxKeys.Name, (_, _) => new BoundOutboxKeys()));

        if (options.Enabled && !OpenApiSetup.IsBuildTimeDocumentGeneration)
        {
            services.AddHostedService<OutboxDispatcher>();
            services.AddHostedService<ReferralReminderJob>();
            services.AddHostedService<NotificationDigestJob>();
        }

        return services;
    }
}
