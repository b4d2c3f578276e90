using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Validators;

namespace LexHeller.Testing;

public enum FieldType
{
    Text,
    Guid,
    Date,
    Enum,
    Integer,
    Boolean,
    GuidList,
    TextList,
    Object,
}

/// <summary>
/// A member of a request body as JSON spells it (<c>reporter.name</c>), with what the body's validator
/// says of it: the maximum length of a string, the range of a number.
/// </summary>
public sealed record RequestField(string Path, FieldType Type, int? MaxLength, IReadOnlyList<string> Codes, long? Minimum, long? Maximum)
{
    public override string ToString() => Path;
}

/// <summary>Reads request types by reflection and their validators through FluentValidation's descriptors.</summary>
public static class RequestFields
{
    /// <summary>Every JSON member of <paramref name="bodyType"/>, nested objects' members after their object.</summary>
    public static async Task<IReadOnlyList<RequestField>> OfAsync(Type bodyType, IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return [.. Members(bodyType, "", "", DescriptorOf(bodyType, scope.ServiceProvider))];
    }

    /// <summary>The validator's descriptor of <paramref name="requestType"/>, or null when it has no validator.</summary>
    public static IValidatorDescriptor? DescriptorOf(Type requestType, IServiceProvider scopedServices) =>
        (scopedServices.GetService(typeof(IValidator<>).MakeGenericType(requestType)) as IValidator)?.CreateDescriptor();

    /// <summary>
    /// The least maximum length any of the member's rules sets, or null when none does. A rule is the member's
    /// by its property name (<c>Reporter.Name</c>) or, when it names itself otherwise (<c>Idempotency-Key</c>), by its member.
    /// </summary>
    public static int? MaxLength(IValidatorDescriptor? descriptor, string member) =>
        descriptor?.Rules.Where(rule => rule.PropertyName == member || (!member.Contains('.', StringComparison.Ordinal) && rule.Member?.Name == member))
            .SelectMany(rule => rule.Components).Select(component => component.Validator).OfType<ILengthValidator>()
            .Where(length => length.Max > 0).Select(length => (int?)length.Max).Min();

    /// <summary>The public properties a request's JSON can carry (or, with <paramref name="includeIgnored"/>, its route and header values too).</summary>
    public static IEnumerable<PropertyInfo> Properties(Type type, bool includeIgnored = false) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetMethod is not null && property.SetMethod is not null && property.GetIndexParameters().Length == 0)
            .Where(property => includeIgnored || property.GetCustomAttribute<JsonIgnoreAttribute>() is null);

    private static IEnumerable<RequestField> Members(Type type, string jsonPrefix, string memberPrefix, IValidatorDescriptor? descriptor)
    {
        foreach (var property in Properties(type))
        {
            var path = jsonPrefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var member = memberPrefix + property.Name;
            var clrType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var (minimum, maximum) = Range(descriptor, member);
            var fieldType = TypeOf(clrType);
            IReadOnlyList<string> codes = clrType.IsEnum
                ? [.. Enum.GetNames(clrType).Select(JsonNamingPolicy.KebabCaseLower.ConvertName)]
                : [];
            yield return new RequestField(path, fieldType, MaxLength(descriptor, member), codes, minimum, maximum);
            if (fieldType == FieldType.Object)
            {
                foreach (var nested in Members(clrType, path + ".", member + ".", descriptor))
                    yield return nested;
            }
        }
    }

    private static FieldType TypeOf(Type type) => type switch
    {
        _ when type == typeof(string) => FieldType.Text,
        _ when type == typeof(Guid) => FieldType.Guid,
        _ when type == typeof(DateOnly) => FieldType.Date,
        _ when type.IsEnum => FieldType.Enum,
        _ when type == typeof(int) || type == typeof(long) => FieldType.Integer,
        _ when type == typeof(bool) => FieldType.Boolean,
        _ when typeof(IEnumerable<Guid>).IsAssignableFrom(type) => FieldType.GuidList,
        _ when typeof(IEnumerable<string>).IsAssignableFrom(type) => FieldType.TextList,
        _ when type.IsClass => FieldType.Object,
        _ => throw new NotSupportedException($"The corpus does not know how to vary a {type.Name}: teach {nameof(RequestFields)} and {nameof(HostileInput)}."),
    };

    private static (long? Minimum, long? Maximum) Range(IValidatorDescriptor? descriptor, string member)
    {
        var between = descriptor?.GetValidatorsForMember(member).Select(rule => rule.Validator).OfType<IBetweenValidator>().FirstOrDefault();
        return between is null ? (null, null) : (Convert.ToInt64(between.From, System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt64(between.To, System.Globalization.CultureInfo.InvariantCulture));
    }
}
