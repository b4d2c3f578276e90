using LexHeller.Api.Data.Resilience;
using LexHeller.Api.Infrastructure.Idempotency;

namespace LexHeller.Api.Infrastructure.Mediator;

/// <summary>
/// Runs a request again, on a fresh connection, after a transient SQL Server fault (<see cref="DatabaseResilience"/>).
/// It sits outside the transaction behavior, so one attempt is one whole transaction:
/// <list type="bullet">
/// <item>a query only reads, and is run again as a whole;</item>
/// <item>a command's fault before the commit rolls its transaction back, so nothing of it remains, and it is run again as a whole;</item>
/// <item>a fault during the commit leaves the outcome unknown (it may have landed). Only a command with an
/// idempotency key is run again: if the first commit landed, the key replays its answer. Any other becomes
/// <see cref="CommitOutcomeUnknownException"/> and is not repeated.</item>
/// </list>
/// Validation runs inside it too, because validators read reference data through the same session.
/// </summary>
public sealed class TransientFaultBehavior<TMessage, TResponse>(DbSession session, DatabaseResilience resilience)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly string Operation = typeof(TMessage).DeclaringType?.Name ?? typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        // Nested work runs inside the outer attempt, which owns the session: only the outermost repeats.
        if (!resilience.Enabled || session.InRetryScope || session.Transaction is not null)
            return await next(message, cancellationToken);

        var idempotent = message is IIdempotentCommand { IdempotencyKey: not null };
        session.InRetryScope = true;
        try
        {
            return await resilience.ExecuteAsync(Operation, async attemptCancellation =>
            {
                try
                {
                    return await next(message, attemptCancellation);
                }
                catch (Exception exception) when (SqlServerTransientFaults.IsTransient(exception))
                {
                    var duringCommit = session.CommitFailed;
                    await session.ResetAsync();
                    if (duringCommit && !idempotent)
                        throw new CommitOutcomeUnknownException(exception);
                    throw;
                }
            }, cancellationToken);
        }
        finally
        {
            session.InRetryScope = false;
        }
    }
}
