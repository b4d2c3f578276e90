using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace LexHeller.Api.Infrastructure.Mail;

/// <summary>
/// Sends through the configured <see cref="IEmailSender"/> inside a Polly pipeline: a few quick
/// retries for transient faults, and a circuit breaker that stops calling a mail server that keeps
/// failing. Slow retries are the outbox's business: a message that fails here is tried again later.
/// </summary>
public sealed class EmailDelivery
{
    private readonly IEmailSender _sender;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private long _pausedUntilTicks;

    public EmailDelivery(IEmailSender sender, TimeProvider time, ILogger<EmailDelivery> logger)
    {
        _sender = sender;
        _time = time;
        var transient = new PredicateBuilder().Handle<Exception>(IsTransient);
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = arguments =>
                {
                    logger.LogInformation("Sending mail failed ({Error}); quick retry {Retry} in {Delay}",
                        MailErrors.Sanitise(arguments.Outcome.Exception?.Message), arguments.AttemptNumber + 1, arguments.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            // Inside the retry, so that every try counts towards opening the circuit.
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = TimeSpan.FromSeconds(30),
                OnOpened = arguments =>
                {
                    Volatile.Write(ref _pausedUntilTicks, (time.GetUtcNow() + arguments.BreakDuration).UtcTicks);
                    logger.LogWarning("The mail server keeps failing ({Error}); no mail is sent for {BreakDuration}",
                        MailErrors.Sanitise(arguments.Outcome.Exception?.Message), arguments.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    logger.LogInformation("The mail server accepts mail again");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// True while the circuit is open: sending would fail at once, so callers wait. (The circuit itself
    /// only half-opens when called after the break, so its state alone would keep a waiting caller waiting.)
    /// </summary>
    public bool IsPaused => _time.GetUtcNow().UtcTicks < Volatile.Read(ref _pausedUntilTicks);

    /// <summary>Sends the message; throws the last fault, or <see cref="BrokenCircuitException"/> while paused.</summary>
    public ValueTask SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(static async (state, token) => await state.Sender.SendAsync(state.Message, token),
            (Sender: _sender, Message: message), cancellationToken);

    /// <summary>
    /// Faults worth trying again at once: the network, a timeout, a dropped connection, and the SMTP
    /// 4xx replies that mean "not now". A refused address or a failed login is not, and is left to the outbox.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        SmtpCommandException command => (int)command.StatusCode is >= 400 and < 500,
        SocketException or IOException or TimeoutException or ServiceNotConnectedException or ProtocolException => true,
        _ => false,
    };
}
