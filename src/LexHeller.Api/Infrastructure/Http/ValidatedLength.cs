using System.Collections.Concurrent;
using System.Reflection;
using FluentValidation.Validators;

namespace LexHeller.Api.Infrastructure.Http;

/// <summary>
/// The maximum length a request type's validator sets for one of its members, for the OpenAPI document.
/// A member declared in a base type (a triage command's <c>reason</c>) is found through the request type
/// that carries it; a member of a nested type (<c>reporter.name</c>) through the request whose validator
/// names it as <c>Reporter.Name</c>.
/// </summary>
public static class ValidatedLength
{
    private static readonly ConcurrentDictionary<Type, IValidatorDescriptor?> Descriptors = new();

    /// <summary>Every type a validator validates, and for nested types the request type and member that hold them.</summary>
    private static readonly Lazy<IReadOnlyDictionary<Type, (Type Owner, string Member)>> NestedTypes = new(FindNestedTypes);

    public static async Task<int?> OfAsync(IServiceProvider services, Type requestType, string member)
    {
        if (await DescriptorAsync(services, requestType) is { } descriptor)
            return MaxOf(descriptor, member);

        return NestedTypes.Value.TryGetValue(requestType, out var owner) && await DescriptorAsync(services, owner.Owner) is { } ownerDescriptor
            ? MaxOf(ownerDescriptor, $"{owner.Member}.{member}")
            : null;
    }

    private static async Task<IValidatorDescriptor?> DescriptorAsync(IServiceProvider services, Type type)
    {
        if (!Descriptors.TryGetValue(type, out var descriptor))
        {
            // Validators are scoped, and some take the request's database session: a scope of their own.
            await using var scope = services.CreateAsyncScope();
            descriptor = (scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(type)) as IValidator)?.CreateDescriptor();
            Descriptors.TryAdd(type, descriptor);
        }

        return descriptor;
    }

    private static int? MaxOf(IValidatorDescriptor descriptor, string member) =>
        descriptor.GetValidatorsForMember(member).Select(rule => rule.Validator).OfType<ILengthValidator>()
            .Where(length => length.Max > 0).Select(length => (int?)length.Max).Min();

    private static Dictionary<Type, (Type Owner, string Member)> FindNestedTypes()
    {
        var validated = typeof(ValidatedLength).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsClass: true })
            .SelectMany(type => type.GetInterfaces())
            .Where(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IValidator<>))
            .Select(contract => contract.GetGenericArguments()[0])
            .Distinct();
        var nested = new Dictionary<Type, (Type, string)>();
        foreach (var owner in validated)
        {
            foreach (var property in owner.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (type.IsClass && type != typeof(string) && type.Assembly == typeof(ValidatedLength).Assembly)
                    nested.TryAdd(type, (owner, property.Name));
            }
        }

        return nested;
    }
}
