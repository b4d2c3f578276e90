using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace LexHeller.Api.Data;

/// <summary>
/// Keeps the Data Protection key ring in the database (<c>data_protection_keys</c>), so that every
/// instance of the service on SQL Server shares it and it is backed up with the data it protects.
/// Data Protection calls it rarely (at start and when a key is made) and synchronously.
/// Reading the ring is run again after a transient fault; storing a key is not (a repeated insert
/// whose first try landed would store the key twice), and Data Protection makes another when it fails.
/// </summary>
public sealed class DatabaseXmlRepository(IDbConnectionFactory connections, Resilience.DatabaseResilience resilience, TimeProvider time) : IXmlRepository
{
    private const string SelectAll = "SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name";

    internal const string Insert = """
        INSERT INTO data_protection_keys (friendly_name, xml, created_at)
        VALUES (@FriendlyName, @Xml, @Now)
        """;

    public IReadOnlyCollection<XElement> GetAllElements() =>
        resilience.Execute<IReadOnlyCollection<XElement>>("DatabaseXmlRepository.GetAllElements", () =>
        {
            using var connection = connections.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return [.. connection.Query<string>(SelectAll).Select(xml => XElement.Parse(xml))];
        });

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = connections.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        connection.Execute(Insert, new
        {
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
            Now = time.GetUtcNow(),
        });
    }
}
