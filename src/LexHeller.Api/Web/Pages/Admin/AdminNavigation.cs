namespace LexHeller.Api.Web.Pages.Admin;

/// <summary>
/// One page of an association's administration: its title, its address under <c>/admin/{code}/</c>, and
/// whether the page is there yet (only those are linked).
/// </summary>
public sealed record AdminNavEntry(string Title, string Path, bool Exists);

/// <summary>The administration's pages in the order the navigation lists them (<c>_AdminNav.cshtml</c>). To add a page: set its entry's flag.</summary>
public static class AdminNavigation
{
    public const string Settings = "installningar";
    public const string Areas = "omraden";
    public const string Parties = "parter";
    public const string Members = "medlemmar";
    public const string SteeringGroups = "styrgrupper";
    public const string Routing = "routning";
    public const string Categories = "kategorier";
    public const string ApiKeys = "api-nycklar";
    public const string DeadNotifications = "meddelanden";
    public const string AuditLog = "granskningslogg";
    public const string Import = "import";
    public const string Templates = "mallar";

    public static IReadOnlyList<AdminNavEntry> Entries { get; } =
    [
        new("Inställningar", Settings, Exists: true),
        new("Områden", Areas, Exists: true),
        new("Parter och kontaktpersoner", Parties, Exists: true),
        new("Medlemmar och roller", Members, Exists: true),
        new("Styrgrupper, möten och köer", SteeringGroups, Exists: true),
        new("Routningsregler", Routing, Exists: true),
        new("Kategorier", Categories, Exists: true),
        new("API-nycklar", ApiKeys, Exists: true),
        new("Ej levererade meddelanden", DeadNotifications, Exists: true),
        new("Granskningslogg", AuditLog, Exists: true),
        new("Import", Import, Exists: true),
        new("Svarsmallar", Templates, Exists: true),
    ];

    /// <summary>The pages that exist, to link.</summary>
    public static IEnumerable<AdminNavEntry> Linked => Entries.Where(entry => entry.Exists);

    public static string Href(string code, string path) => $"/admin/{Uri.EscapeDataString(code)}/{path}";
}

/// <summary>What the navigation partial needs: the association and the page shown (null on the overview).</summary>
public sealed record AdminNavModel(string Code, string Name, string? Current);
