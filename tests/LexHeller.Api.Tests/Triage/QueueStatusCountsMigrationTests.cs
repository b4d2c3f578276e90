using Dapper;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Triage;

/// <summary>
/// Schema 19 counts the reports already there into queue_status_counts, and from then on its triggers keep the
/// counts through inserts, updates and deletes of reports, a report without a queue counting nowhere.
/// (SQLite: the migration of an older database; the contract QueueStatusCountsContract covers both engines from new.)
/// </summary>
public sealed class QueueStatusCountsMigrationTests : IDisposable
{
    private const string Kept = "SELECT queue_id || ' ' || status || ' ' || report_count FROM queue_status_counts ORDER BY 1";

    private const string Counted = """
        SELECT queue_id || ' ' || status || ' ' || COUNT(*) FROM reports WHERE queue_id IS NOT NULL GROUP BY queue_id, status ORDER BY 1
        """;

    private readonly ScratchDirectory _directory = new("counts-19");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_reports_already_there_are_counted_and_every_later_insert_update_and_delete_is_counted_too()
    {
        var connectionString = $"Data Source={_directory.PathOf("lexheller.db")}";
        Assert.True(OldSchemas.UpgradeSqlite(connectionString, "0019").Successful);
        var association = Guid.NewGuid().ToString("D");
        var (first, second) = ("00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b");
        string[] statuses = ["received", "in-triage", "referred", "closed", "closed"];
        var reports = Enumerable.Range(1, 23).Select(i => new
        {
            Id = $"00000000-0000-0000-0001-{i:D12}",
            Association = association,
            Reference = $"LH-2026-{i:D5}",
            Sequence = i,
            Status = statuses[i % statuses.Length],
            Queue = (i % 4) switch { 0 => null, 1 => second, _ => first },
        }).ToList();

        await using (var old = new SqliteConnection(connectionString + ";Foreign Keys=False"))
        {
            // The queues the counts refer to (their association and steering group need not exist for this).
            await old.ExecuteAsync("""
                INSERT INTO queues (id, association_id, steering_group_id, name, created_at)
                VALUES (@Id, @Association, @Association, @Name, '2026-01-01T00:00:00.0000000Z')
                """, new[] { new { Id = first, Association = association, Name = "Första" }, new { Id = second, Association = association, Name = "Andra" } });
            await old.ExecuteAsync("""
                INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind, reporter_party_id,
                    suggested_category, description, consequence, actions_taken, suggested_improvement, anonymous_to_parties, status, channel, created_at, updated_at, queue_id)
                VALUES (@Id, @Association, @Association, @Reference, 2026, @Sequence, '2026-01-01', 'occurred', @Association,
                    'handover', 'Beskrivning.', 'Följd.', '', '', 0, @Status, 'form', '2026-01-02T00:00:00.0000000Z', '2026-01-02T00:00:00.0000000Z', @Queue)
                """, reports);
        }

        var upgrade = OldSchemas.UpgradeSqlite(connectionString, "9999");
        Assert.True(upgrade.Successful, upgrade.Error?.Message);

        await using var migrated = new SqliteConnection(connectionString + ";Foreign Keys=False");
        async Task AssertExactAsync()
        {
            var kept = (await migrated.QueryAsync<string>(Kept)).ToList();
            Assert.Equal((await migrated.QueryAsync<string>(Counted)).ToList(), kept);
        }

        var expected = reports.Where(r => r.Queue is not null).GroupBy(r => (r.Queue, r.Status))
            .Select(group => $"{group.Key.Queue} {group.Key.Status} {group.Count()}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, (await migrated.QueryAsync<string>(Kept)).ToList());

        await migrated.ExecuteAsync("""
            INSERT INTO reports (id, association_id, area_id, reference, reference_year, reference_sequence, event_date, kind, reporter_party_id,
                suggested_category, description, consequence, actions_taken, suggested_improvement, anonymous_to_parties, status, channel, created_at, updated_at, queue_id)
            VALUES ('00000000-0000-0000-0002-000000000001', @Association, @Association, 'LH-2026-00100', 2026, 100, '2026-01-01', 'occurred', @Association,
                'handover', 'Beskrivning.', 'Följd.', '', '', 0, 'needs-info', 'form', '2026-01-02T00:00:00.0000000Z', '2026-01-02T00:00:00.0000000Z', @Queue)
            """, new { Association = association, Queue = second });
        await AssertExactAsync();
        Assert.Equal(1, await migrated.ExecuteScalarAsync<int>("SELECT report_count FROM queue_status_counts WHERE queue_id = @Queue AND status = 'needs-info'", new { Queue = second }));

        // Status only, queue only, both, into no queue and out of none; then deletes, down to nothing in a queue.
        await migrated.ExecuteAsync("UPDATE reports SET status = 'answered' WHERE status = 'referred'");
        await AssertExactAsync();
        await migrated.ExecuteAsync("UPDATE reports SET queue_id = @Second WHERE queue_id = @First AND status = 'closed'", new { First = first, Second = second });
        await AssertExactAsync();
        await migrated.ExecuteAsync("UPDATE reports SET queue_id = @First, status = 'in-triage' WHERE status = 'received'", new { First = first });
        await AssertExactAsync();
        await migrated.ExecuteAsync("UPDATE reports SET queue_id = NULL WHERE status = 'answered'");
        await AssertExactAsync();
        await migrated.ExecuteAsync("UPDATE reports SET queue_id = @Second WHERE queue_id IS NULL", new { Second = second });
        await AssertExactAsync();
        await migrated.ExecuteAsync("UPDATE reports SET description = 'Ändrad.'");
        await AssertExactAsync();
        await migrated.ExecuteAsync("DELETE FROM reports WHERE status = 'closed'");
        await AssertExactAsync();
        await migrated.ExecuteAsync("DELETE FROM reports WHERE queue_id = @First", new { First = first });
        await AssertExactAsync();
        Assert.Equal(0, await migrated.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM queue_status_counts WHERE queue_id = @First OR report_count <= 0", new { First = first }));
        Assert.NotEmpty((await migrated.QueryAsync<string>(Kept)).ToList());
        SqliteConnection.ClearAllPools();
    }
}
