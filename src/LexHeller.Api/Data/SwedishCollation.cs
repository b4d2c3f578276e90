using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Data;

/// <summary>
/// Names sort the Swedish way on both engines: Å, Ä, Ö after Z, upper and lower case together
/// (docs/architecture.md#collations). SQL that lists names writes <c>ORDER BY name COLLATE Finnish_Swedish_100_CI_AS</c>:
/// on SQL Server that is the server's own collation (whatever the database's default); on SQLite a collation of
/// the same name is registered on every connection (<see cref="Register"/>), comparing with the sv-SE culture.
/// Only ORDER BY names it: no SQLite column or index is declared with it, so the file stays readable by any
/// tool (the sqlite3 shell, a backup) that does not know it.
/// </summary>
public static class SwedishCollation
{
    /// <summary>SQL Server's Swedish collation: case-insensitive, accent-sensitive; the SQLite collation bears its name.</summary>
    public const string Name = "Finnish_Swedish_100_CI_AS";

    /// <summary>
    /// The order of <see cref="Name"/> in .NET: the sv-SE culture (ICU; the project does not use invariant
    /// globalization), ignoring case as <c>_CI_</c> does. Lists the service sorts in memory use it too.
    /// </summary>
    public static StringComparer Comparer { get; } = StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), CompareOptions.IgnoreCase);

    /// <summary>Makes <see cref="Name"/> known to a SQLite connection (it lives on the connection, not in the file).</summary>
    public static void Register(SqliteConnection connection) =>
        connection.CreateCollation(Name, (left, right) => Comparer.Compare(left, right));
}
