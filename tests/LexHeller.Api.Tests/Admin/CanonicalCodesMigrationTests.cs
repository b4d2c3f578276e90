using Dapper;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Admin;

/// <summary>
/// Schema 18 makes the codes already stored canonical (trimmed, lower case), moving the references to a
/// category with its code, and fails, changing nothing, when two codes would become one
/// (docs/domain.md#codes). The scripts run as the service runs them, each in its own transaction: the
/// references to a category are checked at the commit, after they moved with its code.
/// </summary>
public sealed class CanonicalCodesMigrationTests : IDisposable
{
    private readonly ScratchDirectory _directory = new("codes-18");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private const string Association = "11111111-1111-1111-1111-111111111111";
    private const string Area = "22222222-2222-2222-2222-222222222222";
    private const string Party = "33333333-3333-3333-3333-333333333333";
    private const string Report = "44444444-4444-4444-4444-444444444444";

    [Fact]
    public async Task Codes_stored_in_another_form_become_canonical_and_a_category_takes_its_references_along()
    {
        var connectionString = await SchemaBefore18Async("""
                INSERT INTO associations (id, code, name, created_at) VALUES (@Association, 'Gamla ', 'Gamla förbundet', '2026-01-01T00:00:00.0000000Z');
                INSERT INTO areas (id, association_id, code, name) VALUES (@Area, @Association, ' Norr', 'Norr');
                INSERT INTO parties (id, association_id, kind, name) VALUES (@Party, @Association, 'municipality', 'Norrby kommun');
                INSERT INTO categories (code, label_sv, description_sv, sort_order, is_active, association_id) VALUES ('Egen-Kod', 'Egen', 'Egen kategori.', 200, 1, @Association);
                INSERT INTO category_labels (category_code, label, valid_from) VALUES ('Egen-Kod', 'Egen', '2026-01-01T00:00:00.0000000Z');
                INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind, reporter_party_id,
                    suggested_category, category, description, consequence, actions_taken, suggested_improvement, anonymous_to_parties, status, channel, created_at, updated_at)
                VALUES (@Report, @Association, @Area, 'LH-2026-00001', 2026, 1, '2026-01-01', 'occurred', @Party,
                    'Egen-Kod', 'Egen-Kod', 'Beskrivning.', 'Följd.', '', '', 0, 'received', 'form', '2026-01-02T00:00:00.0000000Z', '2026-01-02T00:00:00.0000000Z');
                """);

        var upgrade = OldSchemas.UpgradeSqlite(connectionString, "9999", transactionPerScript: true);
        Assert.True(upgrade.Successful, upgrade.Error?.Message);

        await using var migrated = new SqliteConnection(connectionString);
        Assert.Equal("gamla", await migrated.ExecuteScalarAsync<string>("SELECT code FROM associations WHERE id = @Association", new { Association }));
        Assert.Equal("norr", await migrated.ExecuteScalarAsync<string>("SELECT code FROM areas WHERE id = @Area", new { Area }));
        Assert.Equal(1, await migrated.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM categories WHERE code = 'egen-kod'"));
        Assert.Equal(("egen-kod", "egen-kod", "egen-kod"), await migrated.QuerySingleAsync<(string, string, string)>(
            "SELECT suggested_category, category, effective_category FROM reports WHERE id = @Report", new { Report }));
        Assert.Equal(1, await migrated.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM category_labels WHERE category_code = 'egen-kod'"));
        Assert.Empty(await migrated.QueryAsync("PRAGMA foreign_key_check"));

        // From now on another form cannot be stored.
        var refused = await Assert.ThrowsAsync<SqliteException>(() => migrated.ExecuteAsync("UPDATE areas SET code = 'Norr' WHERE id = @Area", new { Area }));
        Assert.Contains("canonical", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_codes_that_would_become_one_fail_the_migration_and_change_nothing()
    {
        var connectionString = await SchemaBefore18Async("""
                INSERT INTO associations (id, code, name, created_at) VALUES
                    (@Association, 'Gamla', 'Gamla förbundet', '2026-01-01T00:00:00.0000000Z'),
                    ('55555555-5555-5555-5555-555555555555', 'gamla', 'Nya förbundet', '2026-01-01T00:00:00.0000000Z');
                """);

        var upgrade = OldSchemas.UpgradeSqlite(connectionString, "9999", transactionPerScript: true);

        Assert.False(upgrade.Successful);
        Assert.Contains("Migration 0018", upgrade.Error!.Message, StringComparison.Ordinal);
        await using var unchanged = new SqliteConnection(connectionString);
        Assert.Equal(["Gamla", "gamla"], await unchanged.QueryAsync<string>("SELECT code FROM associations ORDER BY code"));
    }

    /// <summary>A database at schema 17 holding <paramref name="rows"/> (parameters: the ids above); its connection string.</summary>
    private async Task<string> SchemaBefore18Async(string rows)
    {
        var connectionString = $"Data Source={_directory.PathOf("lexheller.db")}";
        Assert.True(OldSchemas.UpgradeSqlite(connectionString, "0018").Successful);
        await using var connection = new SqliteConnection(connectionString);
        await connection.ExecuteAsync(rows, new { Association, Area, Party, Report });
        return connectionString;
    }
}
