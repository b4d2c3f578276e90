namespace LexHeller.Api.Features.Notifications;

/// <summary>
/// The signed-in user's choice of how the steering group's notifications reach them (<see cref="NotificationPreferences"/>):
/// read and changed on the page <c>/triage/installningar</c>.
/// </summary>
public static class NotificationSettings
{
    public sealed record Query : IQuery<Settings>;

    /// <param name="Delivery"><see cref="NotificationPreferences.Immediate"/> or <see cref="NotificationPreferences.Digest"/>.</param>
    /// <param name="DigestHour">The hour (Swedish time) from which the daily digest is sent.</param>
    public sealed record Settings(string Delivery, int DigestHour);

    public sealed record Command(string? Delivery) : ICommand<Settings>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Delivery).MaximumLength(20).NotEmpty().Must(delivery => NotificationPreferences.All.Contains(delivery!))
                .WithMessage($"'Delivery' must be one of: {string.Join(", ", NotificationPreferences.All)}.");
    }

    public sealed class QueryHandler(DbSession session, CallerContext callerContext, Infrastructure.Mail.NotificationOptions options)
        : IQueryHandler<Query, Settings>
    {
        public async ValueTask<Settings> Handle(Query query, CancellationToken cancellationToken) =>
            new(await NotificationPreferences.OfAsync(session, UserOf(callerContext.Caller), cancellationToken), options.DigestHour);
    }

    public sealed class CommandHandler(DbSession session, CallerContext callerContext, Infrastructure.Mail.NotificationOptions options, TimeProvider time)
        : ICommandHandler<Command, Settings>
    {
        public async ValueTask<Settings> Handle(Command command, CancellationToken cancellationToken)
        {
            await NotificationPreferences.SetAsync(session, UserOf(callerContext.Caller), command.Delivery!, time.GetUtcNow(), cancellationToken);
            return new Settings(command.Delivery!, options.DigestHour);
        }
    }

    /// <summary>A signed-in user's key: the preference is a person's, not an integration's.</summary>
    private static string UserOf(Caller caller) =>
        caller is { Kind: CallerKind.User, UserKey: { Length: > 0 } userKey } ? userKey
            : throw new ForbiddenException("Only a signed-in user has notification settings.");
}
