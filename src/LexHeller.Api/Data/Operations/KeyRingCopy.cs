using System.Xml.Linq;
using Dapper;

namespace LexHeller.Api.Data.Operations;

/// <summary>One Data Protection key as its repository stores it: a friendly name (the file's name) and its XML.</summary>
public sealed record KeyRingElement(string FriendlyName, string Xml);

/// <summary>
/// The Data Protection key ring moves with the data: without it, sealed reporter contacts and stored
/// idempotent answers cannot be opened. Read from a directory (SQLite's default, <c>keys/</c> beside the
/// database) and written to a directory or to <c>data_protection_keys</c> (SQL Server's default).
/// A key already there (same name) is kept as it is.
/// </summary>
public static class KeyRingCopy
{
    private const string SelectNames = "SELECT friendly_name FROM data_protection_keys";

    /// <summary>The key ring's default directory for a SQLite database: <c>keys/</c> beside the file.</summary>
    public static string DirectoryBeside(string sqliteConnectionString)
    {
        var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqliteConnectionString).DataSource;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataSource))!, "keys");
    }

    public static IReadOnlyList<KeyRingElement> ReadDirectory(string directory) =>
        !Directory.Exists(directory)
            ? []
            : [.. Directory.EnumerateFiles(directory, "*.xml").Order(StringComparer.Ordinal)
                .Select(path => new KeyRingElement(Path.GetFileNameWithoutExtension(path), XElement.Load(path).ToString(SaveOptions.DisableFormatting)))];

    /// <summary>Writes the keys not yet in the directory; returns how many were written.</summary>
    public static int WriteDirectory(string directory, IReadOnlyList<KeyRingElement> keys)
    {
        Directory.CreateDirectory(directory);
        var written = 0;
        foreach (var key in keys)
        {
            var path = Path.Combine(directory, key.FriendlyName + ".xml");
            if (File.Exists(path))
                continue;
            XElement.Parse(key.Xml).Save(path);
            written++;
        }

        return written;
    }

    /// <summary>Writes the keys not yet in <c>data_protection_keys</c>, in the copy's transaction; returns how many were written.</summary>
    public static async Task<int> WriteTableAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<KeyRingElement> keys, DateTimeOffset now, CancellationToken ct)
    {
        var present = (await connection.QueryAsync<string>(new CommandDefinition(SelectNames, transaction: transaction, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        var written = 0;
        foreach (var key in keys.Where(key => !present.Contains(key.FriendlyName)))
        {
            await connection.ExecuteAsync(new CommandDefinition(DatabaseXmlRepository.Insert,
                new { key.FriendlyName, key.Xml, Now = now }, transaction, cancellationToken: ct));
            written++;
        }

        return written;
    }
}
