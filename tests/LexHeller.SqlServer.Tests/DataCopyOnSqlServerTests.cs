using Dapper;
using LexHeller.Api.Data;
using Microsoft.Data.Sqlite;

namespace LexHeller.SqlServer.Tests;

public sealed class DataCopyOnSqlServerTests(SqlServerContainer sqlServer) : DataCopyContract
{
    protected override DatabaseProvider TargetProvider => DatabaseProvider.SqlServer;

    protected override string CreateEmptyTarget(string directory) => sqlServer.NewDatabaseConnectionString();

    /// <summary>
    /// A name longer than its NVARCHAR(200) column; two party names that differ by a trailing space, which SQL Server
    /// ignores under every collation (binary ones included), and two that differ by case, which the database's CI
    /// collation ignores. SQLite keeps each pair apart. (Codes can no longer differ so: SQLite refuses a code that
    /// is not canonical since schema 18.)
    /// </summary>
    protected override async Task<IReadOnlyList<(string Row, string Problem)>> SeedTargetSpecificOffencesAsync(SqliteConnection source, string associationId)
    {
        var (tooLong, first, second) = (Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString());
        var (party, sameParty) = (Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString());
        const string Insert = "INSERT INTO areas (id, association_id, code, name) VALUES (@Id, @AssociationId, @Code, @Name)";
        await source.ExecuteAsync(Insert, new { Id = tooLong, AssociationId = associationId, Code = "langt-namn", Name = new string('Å', 201) });
        const string InsertParty = "INSERT INTO parties (id, association_id, kind, name) VALUES (@Id, @AssociationId, 'municipality', @Name)";
        await source.ExecuteAsync(InsertParty, new { Id = first, AssociationId = associationId, Name = "Vårdcentralen Norr" });
        await source.ExecuteAsync(InsertParty, new { Id = second, AssociationId = associationId, Name = "Vårdcentralen Norr " });
        await source.ExecuteAsync(InsertParty, new { Id = party, AssociationId = associationId, Name = "Vårdcentralen Öster" });
        await source.ExecuteAsync(InsertParty, new { Id = sameParty, AssociationId = associationId, Name = "vårdcentralen öster" });
        return
        [
            ($"id '{tooLong}', name", "is 201 characters long; the target column holds at most 200"),
            ($"id '{second}', (association_id, name)", $"is the same as the row id '{first}'"),
            ($"id '{sameParty}', (association_id, name)", $"is the same as the row id '{party}'"),
        ];
    }
}
