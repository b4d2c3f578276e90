namespace LexHeller.Domain.Insight;

/// <summary>
/// The set of party kinds a report involves, written as one canonical key (<c>municipality,social-insurance</c>):
/// distinct kinds in the order of <see cref="PartyKind"/>, joined by commas. Two reports involve the same
/// set exactly when their keys are equal, which is what pattern detection groups by.
/// </summary>
public static class PartyKindSet
{
    public const char Separator = ',';

    public static string KeyOf(IEnumerable<PartyKind> kinds) =>
        string.Join(Separator, kinds.Distinct().Order().Select(Codes.Of));

    /// <summary>Reads a key back; false when it names an unknown kind, repeats one or is out of order.</summary>
    public static bool TryParse(string? key, out IReadOnlyList<PartyKind> kinds)
    {
        kinds = [];
        if (string.IsNullOrEmpty(key))
            return false;

        var parsed = new List<PartyKind>();
        foreach (var code in key.Split(Separator))
        {
            if (!Codes.TryParse<PartyKind>(code, out var kind))
                return false;
            parsed.Add(kind);
        }

        if (KeyOf(parsed) != key)
            return false;
        kinds = parsed;
        return true;
    }
}
