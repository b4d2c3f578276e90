namespace LexHeller.Api.Infrastructure.Mediator;

/// <summary>Commands run in one transaction, committed only when the handler succeeds.</summary>
public sealed class TransactionBehavior<TMessage, TResponse>(DbSession session) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (session.Transaction is not null)
            return await next(message, cancellationToken);

        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            var response = await next(message, cancellationToken);
            await session.CommitAsync(cancellationToken);
            return response;
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
    }
}
