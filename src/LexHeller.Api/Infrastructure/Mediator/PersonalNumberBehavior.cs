using LexHeller.Domain.Privacy;

namespace LexHeller.Api.Infrastructure.Mediator;

/// <summary>Refuses (422) any message whose free text contains a personal or coordination number.</summary>
public sealed class PersonalNumberBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage, IHaveFreeText
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var fields = message.FreeText()
            .Where(field => PersonalNumberGuard.ContainsPersonalNumber(field.Text))
            .Select(field => field.Field)
            .ToList();
        if (fields.Count > 0)
            throw new PersonalNumberException(fields);

        return next(message, cancellationToken);
    }
}
