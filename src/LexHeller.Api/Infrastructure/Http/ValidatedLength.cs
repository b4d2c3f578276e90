using System.Collections.Concurrent;
using FluentValidation;
using FluentValidation.Validators;

namespace LexHeller.Api.Infrastructure.Http;

/// <summary>The maximum length a request type's validator sets for one of its members, for the OpenAPI document.</summary>
public static class ValidatedLength
{
    private static readonly ConcurrentDictionary<Type, IValidatorDescriptor?> Descriptors = new();

    public static async Task<int?> OfAsync(IServiceProvider services, Type requestType, string member)
    {
        if (!Descriptors.TryGetValue(requestType, out var descriptor))
        {
            // Validators are scoped, and some take the request's database session: a scope of their own.
            await using var scope = services.CreateAsyncScope();
            descriptor = (scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(requestType)) as IValidator)?.CreateDescriptor();
            Descriptors.TryAdd(requestType, descriptor);
        }

        return descriptor?.GetValidatorsForMember(member).Select(rule => rule.Validator).OfType<ILengthValidator>()
            .Where(length => length.Max > 0).Select(length => (int?)length.Max).Min();
    }
}
