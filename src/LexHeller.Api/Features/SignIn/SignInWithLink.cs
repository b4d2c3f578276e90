namespace LexHeller.Api.Features.SignIn;

/// <summary>
/// What the page a sign-in link opens asks: whether the link can still be used (reading changes nothing, so a mail
/// scanner following the link uses none up), and using it up, once, to sign in (<see cref="SignInLinks"/>).
/// </summary>
public static class SignInWithLink
{
    /// <summary>Whether the link is neither unknown, used nor expired.</summary>
    public sealed record Query(string Token) : IQuery<bool>;

    /// <summary>Uses the link up; answers its holder, or null when it cannot be used.</summary>
    public sealed record Command(string Token) : ICommand<SignInLink?>;

    /// <summary>A link's token is 43 characters (256 bits, base64url); anything much longer is no token of ours.</summary>
    public const int MaxTokenLength = 100;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Token).MaximumLength(MaxTokenLength);
    }

    public sealed class QueryHandler(DbSession session, TimeProvider time) : IQueryHandler<Query, bool>
    {
        public async ValueTask<bool> Handle(Query query, CancellationToken cancellationToken) =>
            await SignInLinks.FindUsableAsync(session, query.Token, time.GetUtcNow(), cancellationToken) is not null;
    }

    public sealed class Handler(DbSession session, TimeProvider time) : ICommandHandler<Command, SignInLink?>
    {
        public async ValueTask<SignInLink?> Handle(Command command, CancellationToken cancellationToken) =>
            await SignInLinks.UseAsync(session, command.Token, time.GetUtcNow(), cancellationToken);
    }
}
