namespace LexHeller.Api.Infrastructure.Mediator;

/// <summary>
/// Makes every code a message carries canonical (trimmed, lower case: <see cref="Codes.Canonical"/>) before it is
/// validated, looked up or stored, so that <c>Eksjo</c> and <c>eksjo </c> name the same area on SQLite (binary
/// comparison) and on SQL Server (a binary collation on code columns) alike (docs/domain.md#codes).
/// </summary>
public sealed class CanonicalCodesBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage, IHaveCodes
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken) =>
        next((TMessage)message.WithCanonicalCodes(), cancellationToken);
}
