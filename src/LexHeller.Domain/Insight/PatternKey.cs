namespace LexHeller.Domain.Insight;

/// <summary>
/// Names a pattern (a category and a set of involved party kinds) in one URL-safe string:
/// <c>handover~municipality,social-insurance</c>, the category code, a tilde, then the
/// <see cref="PartyKindSet"/> key. Codes are kebab-case, so neither '~' nor ',' occurs in them, and
/// both characters may stand unescaped in a path or query.
/// </summary>
public static class PatternKey
{
    public const char Separator = '~';

    public static string Format(string category, string partyKinds) => $"{category}{Separator}{partyKinds}";

    /// <summary>Reads a key back; false unless it is a category code and a canonical party-kind key.</summary>
    public static bool TryParse(string? key, out string category, out string partyKinds)
    {
        category = "";
        partyKinds = "";
        var parts = key?.Split(Separator);
        if (parts is not [var categoryPart, var kindsPart] || !IsCode(categoryPart) || !PartyKindSet.TryParse(kindsPart, out _))
            return false;

        category = categoryPart;
        partyKinds = kindsPart;
        return true;
    }

    private static bool IsCode(string text) =>
        text.Length is > 0 and <= 50 && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
