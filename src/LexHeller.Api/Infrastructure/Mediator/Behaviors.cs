using System.Diagnostics;
using FluentValidation;
using LexHeller.Api.Data;
using LexHeller.Api.Infrastructure.Problems;
using LexHeller.Domain.Privacy;
using Mediator;

namespace LexHeller.Api.Infrastructure.Mediator;

/// <summary>Logs each message's name, outcome and duration; never its content, which may be sensitive.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var name = typeof(TMessage).DeclaringType?.Name ?? typeof(TMessage).Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            logger.LogInformation("{Request} handled in {ElapsedMs:F1} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception exception)
        {
            logger.LogInformation("{Request} failed after {ElapsedMs:F1} ms with {Exception}", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name);
            throw;
        }
    }
}

/// <summary>Runs every FluentValidation validator of the message; all failures are reported together.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(new ValidationContext<TMessage>(message), cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
            throw new ValidationException(failures);

        return await next(message, cancellationToken);
    }
}

/// <summary>A message whose free-text fields must never hold a personal identity number.</summary>
public interface IHaveFreeText
{
    /// <summary>Each free-text field by its JSON name (<c>description</c>, <c>reporter.role</c>…).</summary>
    IEnumerable<(string Field, string? Text)> FreeText();
}

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
