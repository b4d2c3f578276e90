namespace LexHeller.Domain;

/// <summary>
/// The kebab-case codes by which enums travel in the API and are stored in the database
/// (<c>SocialInsurance</c> ⇄ <c>social-insurance</c>), and the one canonical form of every code
/// (<see cref="Canonical"/>).
/// </summary>
public static class Codes
{
    /// <summary>
    /// The one form in which a code is stored and compared: without surrounding white space, in lower case
    /// (invariant culture), so <c>" Handover "</c>, <c>"HANDOVER"</c> and <c>"handover"</c> are one code on
    /// every engine, whatever the database's collation. Every code that comes in (an API body, a query
    /// string, a route value, a page form, an <c>apply</c> file, an imported register) passes through here
    /// before it is stored or looked up (docs/domain.md#codes). Null stays null. Reference prefixes are
    /// not codes in this sense: they are upper case by design (<c>HL-2026-00001</c>).
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(code))]
    public static string? Canonical(string? code) => code?.Trim().ToLowerInvariant();

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var name = value.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
                builder.Append('-');
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    public static TEnum Parse<TEnum>(string code) where TEnum : struct, Enum =>
        TryParse<TEnum>(code, out var value)
            ? value
            : throw new FormatException($"'{code}' is not a {typeof(TEnum).Name} code.");

    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), code, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum =>
        [.. Enum.GetValues<TEnum>().Select(Of)];
}
