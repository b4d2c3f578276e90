using System.Text;
using Dapper;
using DbUp;
using LexHeller.Api.Data;
using LexHeller.Api.Features.Privacy;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Privacy;

/// <summary>A database from before schema 5 held contacts in the clear: upgrading seals them and removes the plaintext from the file.</summary>
public sealed class LegacyContactSealingTests : IDisposable
{
    private readonly ScratchDirectory _directory = new("legacy");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Contacts_stored_in_the_clear_by_schema_4_are_sealed_and_their_plaintext_leaves_the_file()
    {
        var path = _directory.PathOf("lexheller.db");
        var connectionString = $"Data Source={path}";
        var reportId = Guid.NewGuid();

        // Schema 4 as released, with a contact row as schema 4 stored it
        // (its report is left out: foreign keys are off on this connection, and only the contact matters here).
        var upgrade = DeployChanges.To.SqliteDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name =>
                name.StartsWith(DatabaseMigrator.SqliteScriptPrefix, StringComparison.Ordinal)
                && string.CompareOrdinal(name, DatabaseMigrator.SqliteScriptPrefix + "0005") < 0)
            .Build().PerformUpgrade();
        Assert.True(upgrade.Successful, upgrade.Error?.Message);
        await using (var connection = new SqliteConnection(connectionString + ";Foreign Keys=False"))
        {
            await connection.ExecuteAsync("""
                INSERT INTO reporter_contacts (report_id, name, role, email, phone, created_at)
                VALUES (@ReportId, 'Gunnel Gammaldags', 'Biståndshandläggare', 'gunnel.gammal@tranas.example', '0140-680 00', '2026-01-02T03:04:05.0000000Z')
                """, new { ReportId = reportId.ToString("D") });
        }

        SqliteConnection.ClearAllPools();

        // The service starts on the old file: its migrator applies 0005–0007.
        await using var factory = new LexHellerApiFactory(connectionString: connectionString);
        _ = factory.CreateClient();

        var sealer = factory.Services.GetRequiredService<ReporterContactSealer>();
        var stored = await factory.QueryAsync<(string Sealed, bool HasEmail)>(
            "SELECT sealed_contact, has_email FROM reporter_contacts WHERE report_id = @Id", new { Id = reportId });
        var (sealedContact, hasEmail) = Assert.Single(stored);
        Assert.True(hasEmail);
        Assert.Equal(new ContactDetails("Gunnel Gammaldags", "Biståndshandläggare", "gunnel.gammal@tranas.example", "0140-680 00"),
            sealer.Open(reportId, sealedContact));

        var columns = await factory.QueryAsync<string>("SELECT name FROM pragma_table_info('reporter_contacts') ORDER BY cid");
        Assert.Equal(["report_id", "created_at", "sealed_contact", "has_email", "purged_at", "sealed_receipt_token"], columns);

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("gunnel.gammal@tranas.example")) < 0,
            "The old plaintext e-mail address is still in the database file.");
    }
}
