using Dapper;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Notifications;

/// <summary>
/// Schema 10 gives every outbox message the association it belongs to, so that its administrators see it when
/// it dies: on an existing database, messages about a report take the report's association, a pattern's
/// message the association its dedup key names, and the due index leaves dead messages out.
/// </summary>
public sealed class OutboxDeadLetterMigrationTests : IDisposable
{
    private readonly ScratchDirectory _directory = new("outbox-10");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Messages_queued_before_schema_10_get_their_reports_or_their_patterns_association()
    {
        var connectionString = $"Data Source={_directory.PathOf("lexheller.db")}";
        var association = Guid.NewGuid();
        var other = Guid.NewGuid();
        var report = Guid.NewGuid();
        Assert.True(OldSchemas.UpgradeSqlite(connectionString, "0010").Successful);

        await using (var connection = new SqliteConnection(connectionString + ";Foreign Keys=False"))
        {
            await connection.ExecuteAsync("""
                INSERT INTO associations (id, code, name, created_at) VALUES
                    (@Association, 'gamla', 'Gamla förbundet', '2026-01-01T00:00:00.0000000Z'),
                    (@Other, 'andra', 'Andra förbundet', '2026-01-01T00:00:00.0000000Z');
                INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind, reporter_party_id,
                    suggested_category, description, consequence, actions_taken, suggested_improvement, anonymous_to_parties, status, channel, created_at, updated_at)
                VALUES (@Report, @Association, @Other, 'LH-2026-00001', 2026, 1, '2026-01-01', 'occurred', @Other,
                    'handover', 'Beskrivning.', 'Följd.', '', '', 0, 'received', 'form', '2026-01-02T00:00:00.0000000Z', '2026-01-02T00:00:00.0000000Z');
                INSERT INTO outbox_messages (id, dedup_key, kind, report_id, recipient, subject, body, created_at, attempts, next_attempt_at) VALUES
                    ('00000000-0000-0000-0000-000000000001', 'closure:x:reporter', 'closure', @Report, 'reporter', 'Ämne', 'Text',
                        '2026-01-02T00:00:00.0000000Z', 3, '2026-01-02T00:00:00.0000000Z'),
                    ('00000000-0000-0000-0000-000000000002', @PatternKey, 'pattern', NULL, 'triager@gamla.example', 'Ämne', 'Text',
                        '2026-01-02T00:00:00.0000000Z', 0, '2026-01-02T00:00:00.0000000Z'),
                    ('00000000-0000-0000-0000-000000000003', 'test:y:someone@gamla.example', 'test', NULL, 'someone@gamla.example', 'Ämne', 'Text',
                        '2026-01-02T00:00:00.0000000Z', 0, '2026-01-02T00:00:00.0000000Z');
                """, new
            {
                Association = association.ToString("D"),
                Other = other.ToString("D"),
                Report = report.ToString("D"),
                PatternKey = $"pattern:{association:N}:handover:municipality+region:2026-01-02:triager@gamla.example",
            });
        }

        var upgrade = OldSchemas.UpgradeSqlite(connectionString, "9999");
        Assert.True(upgrade.Successful, upgrade.Error?.Message);

        await using var migrated = new SqliteConnection(connectionString);
        var owners = (await migrated.QueryAsync<(string Id, string? AssociationId)>("SELECT id, association_id FROM outbox_messages ORDER BY id")).ToList();
        Assert.Equal(
            [("00000000-0000-0000-0000-000000000001", association.ToString("D")), ("00000000-0000-0000-0000-000000000002", association.ToString("D")),
                ("00000000-0000-0000-0000-000000000003", null)],
            owners);
        Assert.Equal(0, await migrated.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE dead_at IS NOT NULL"));
        Assert.Contains("dead_at IS NULL", await migrated.ExecuteScalarAsync<string>(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'ix_outbox_messages_due'"), StringComparison.Ordinal);
        SqliteConnection.ClearAllPools();
    }
}
