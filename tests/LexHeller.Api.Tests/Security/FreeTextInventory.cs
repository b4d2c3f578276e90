using System.Collections;
using System.Reflection;
using System.Text.Json;
using LexHeller.Api.Infrastructure.Validation;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Walks request types for string members — through nested records and collections of records — and
/// says which of them the personal-number guard reads. A member counts as guarded only when it is
/// proven: an instance is built with a distinct marker in every string member, and
/// <see cref="IHaveFreeText.FreeText"/> must hand that marker back under the member's JSON name (the
/// name the 422 problem gives the client).
/// </summary>
public static class FreeTextInventory
{
    private const int MaxDepth = 6;

    /// <summary>One string member of a request type: the type, and the member's JSON path (<c>reporter.name</c>, <c>items[].text</c>).</summary>
    public sealed record Member(Type Request, string Path)
    {
        public override string ToString() => $"{Name(Request)}: {Path}";
    }

    /// <summary>What the walk found: every string member, the guarded ones, and what is wrong with the rest.</summary>
    public sealed record Result(IReadOnlyList<Member> Members, IReadOnlyList<Member> Guarded, IReadOnlyList<string> Problems);

    /// <summary>
    /// Walks <paramref name="requests"/>. A member that is neither guarded nor exempt (by its JSON path,
    /// or by <c>Type: path</c>) is a problem, and so is a member guarded under another name than its own.
    /// </summary>
    public static Result Walk(IEnumerable<Type> requests, IReadOnlyDictionary<string, string> exemptions)
    {
        var members = new List<Member>();
        var guarded = new List<Member>();
        var problems = new List<string>();
        foreach (var request in requests.Distinct().OrderBy(Name, StringComparer.Ordinal))
        {
            var markers = new Dictionary<string, string>(StringComparer.Ordinal);
            var instance = Build(request, "", markers, 0);
            var reported = instance is IHaveFreeText freeText ? [.. freeText.FreeText()] : new List<(string Field, string? Text)>();
            foreach (var (path, marker) in markers.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                var member = new Member(request, path);
                members.Add(member);
                var under = reported.Where(field => field.Text == marker).Select(field => field.Field).ToList();
                if (under.Contains(path.Replace("[]", "[0]", StringComparison.Ordinal), StringComparer.Ordinal) || under.Contains(path, StringComparer.Ordinal))
                    guarded.Add(member);
                else if (under.Count > 0)
                    problems.Add($"{member} is guarded as '{string.Join("', '", under)}': the 422 would name another field than the client sent.");
                else if (!exemptions.ContainsKey(path) && !exemptions.ContainsKey(member.ToString()))
                    problems.Add($"{member} is a string that the personal-number guard does not read (IHaveFreeText.FreeText) and that no exemption explains.");
            }
        }

        return new Result(members, guarded, problems);
    }

    /// <summary><c>SubmitReport.Command</c>: the feature and the message, as the code names them.</summary>
    public static string Name(Type type) => type.DeclaringType is { } outer ? $"{Name(outer)}.{type.Name}" : type.Name;

    /// <summary>An instance with a distinct marker in every string member reachable from it, by JSON path.</summary>
    private static object? Build(Type type, string path, Dictionary<string, string> markers, int depth)
    {
        if (depth > MaxDepth)
            return null;

        var constructor = type.GetConstructors().OrderByDescending(candidate => candidate.GetParameters().Length).FirstOrDefault();
        object instance;
        if (constructor is null)
        {
            instance = Activator.CreateInstance(type)!;
        }
        else
        {
            var arguments = constructor.GetParameters()
                .Select(parameter => Value(parameter.ParameterType, Join(path, JsonName(parameter.Name!)), markers, depth))
                .ToArray();
            instance = constructor.Invoke(arguments);
        }

        foreach (var property in InputProperties(type))
        {
            if (property.SetMethod is { IsPublic: true })
                property.SetValue(instance, Value(property.PropertyType, Join(path, JsonName(property)), markers, depth));
        }

        return instance;
    }

    private static object? Value(Type type, string path, Dictionary<string, string> markers, int depth)
    {
        if (type == typeof(string))
        {
            markers.TryAdd(path, $"marker-{markers.Count + 1}-{path}");
            return markers[path];
        }

        if (ElementType(type) is { } element)
        {
            var item = Value(element, path + "[]", markers, depth + 1);
            if (item is null)
                return null;
            var array = Array.CreateInstance(element, 1);
            array.SetValue(item, 0);
            return type.IsAssignableFrom(array.GetType()) ? array : Activator.CreateInstance(type, array);
        }

        if (IsWalkable(Nullable.GetUnderlyingType(type) ?? type))
            return Build(Nullable.GetUnderlyingType(type) ?? type, path, markers, depth + 1);

        return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
    }

    /// <summary>Public instance properties a request can carry: settable, or filled by the constructor.</summary>
    private static IEnumerable<PropertyInfo> InputProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
            .Where(property => property.SetMethod is not null);

    /// <summary>A record or class of our own, walked into for its members.</summary>
    private static bool IsWalkable(Type type) =>
        (type.IsClass || type.IsValueType && !type.IsEnum && !type.IsPrimitive) && type != typeof(string)
        && type.Namespace?.StartsWith("LexHeller", StringComparison.Ordinal) == true;

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
            return null;
        if (type.IsArray)
            return type.GetElementType();
        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(candidate => candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), true)
            .Cast<System.Text.Json.Serialization.JsonPropertyNameAttribute>().FirstOrDefault()?.Name ?? JsonName(property.Name);

    private static string JsonName(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
