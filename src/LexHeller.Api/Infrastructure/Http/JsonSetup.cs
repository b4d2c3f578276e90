namespace LexHeller.Api.Infrastructure.Http;

public static class JsonSetup
{
    /// <summary>
    /// camelCase members, kebab-case enums (<c>social-insurance</c>), dates as <c>YYYY-MM-DD</c>. A number is read
    /// only as a JSON number: the web defaults also read <c>"100"</c>, which the contract does not promise.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
    }
}
