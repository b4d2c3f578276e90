using System.Text.Json.Serialization;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Every string a write request carries (body members, route values, headers) has a maximum length in its
/// command's validator, so no field can carry a megabyte into the database or a log. The commands are found
/// by reflection: a new one is checked without a test of its own.
/// </summary>
public sealed class FieldLengthLimitTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Every_string_of_every_command_has_a_maximum_length_in_its_validator()
    {
        var requests = typeof(Program).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsClass: true } && typeof(Mediator.IBaseCommand).IsAssignableFrom(type))
            .ToList();
        await using var scope = _factory.Services.CreateAsyncScope();

        var unlimited = new List<string>();
        foreach (var request in requests)
        {
            var descriptor = RequestFields.DescriptorOf(request, scope.ServiceProvider);
            unlimited.AddRange(Strings(request, "").Where(member => RequestFields.MaxLength(descriptor, member) is null)
                .Select(member => $"{request.FullName}.{member}"));
        }

        Assert.True(requests.Count >= 15, $"Only {requests.Count} requests were found: is the assembly scanned right?");
        Assert.True(unlimited.Count == 0, $"Strings without a maximum length:\n{string.Join('\n', unlimited)}");
    }

    /// <summary>The request's string members as its validator names them (<c>Reporter.Name</c>), route and header values included.</summary>
    private static IEnumerable<string> Strings(Type type, string prefix)
    {
        foreach (var property in RequestFields.Properties(type, includeIgnored: true))
        {
            var propertyType = property.PropertyType;
            if (propertyType == typeof(string))
                yield return prefix + property.Name;
            else if (propertyType.IsClass && propertyType.IsSealed && propertyType.Namespace?.StartsWith("LexHeller", StringComparison.Ordinal) == true
                && property.GetCustomAttributes(typeof(JsonIgnoreAttribute), true).Length == 0)
            {
                foreach (var nested in Strings(propertyType, prefix + property.Name + "."))
                    yield return nested;
            }
        }
    }
}
