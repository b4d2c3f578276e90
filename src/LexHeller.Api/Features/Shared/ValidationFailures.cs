using FluentValidation.Results;

namespace LexHeller.Api.Features.Shared;

/// <summary>
/// The refusal (422) of a request that passed its validator but names something the handler finds wrong
/// (an unknown association, a report of another association): one failure, on the field that named it.
/// </summary>
public static class ValidationFailures
{
    public static ValidationException Invalid(string field, string message, object? attemptedValue = null) =>
        new([new ValidationFailure(field, message, attemptedValue)]);
}
