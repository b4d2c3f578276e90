using System.Threading.RateLimiting;
using LexHeller.Api.Infrastructure.Security;

namespace LexHeller.Api.Features.SignIn;

/// <summary>
/// The limits on asking for sign-in links (<see cref="EmailSignInLimits"/>): a fixed window per address asked
/// for and one per client address, both counted on every request, chained. Checked by the form itself rather
/// than by an endpoint policy, because a refusal must look exactly like an answer: the same page, no 429.
/// </summary>
public sealed class EmailSignInLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string Address, string Client)> _limiter;

    public EmailSignInLimiter(EmailSignInOptions options)
    {
        var perAddress = PartitionedRateLimiter.Create<(string Address, string Client), string>(request =>
            Partition("address:" + request.Address, options.Limits.PerAddress));
        var perClient = PartitionedRateLimiter.Create<(string Address, string Client), string>(request =>
            Partition("client:" + request.Client, options.Limits.PerClientAddress));
        _limiter = PartitionedRateLimiter.CreateChained(perClient, perAddress);
    }

    /// <summary>Counts a request for <paramref name="email"/> from the request's client; false when it is over a limit.</summary>
    public bool TryAcquire(string email, HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire((email.Trim().ToLowerInvariant(), RateLimits.ClientAddress(context)));
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();

    private static RateLimitPartition<string> Partition(string key, WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });
}
