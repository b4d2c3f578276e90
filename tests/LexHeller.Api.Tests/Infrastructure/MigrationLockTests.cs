using LexHeller.Api.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace LexHeller.Api.Tests.Infrastructure;

/// <summary>
/// The migration lock on SQLite (a lock file beside the database, <see cref="SqliteMigrationLock"/>) between threads of
/// one process, which start together more exactly than processes do (TwoInstancesContract has the processes).
/// </summary>
public sealed class MigrationLockTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lexheller-migration-lock-");

    private string DatabasePath => Path.Combine(_directory.FullName, "lexheller.db");

    [Fact]
    public async Task Two_services_starting_on_two_threads_at_once_on_a_new_file_both_start_migrate_once_and_seed_once()
    {
        await using var first = new LexHellerApiFactory(connectionString: $"Data Source={DatabasePath}");
        await using var second = new LexHellerApiFactory(connectionString: $"Data Source={DatabasePath}");
        using var together = new Barrier(2);

        // Each start runs the migrations and the demo seed (DatabaseInitializer) before it returns.
        await Task.WhenAll(
            Task.Run(() => { together.SignalAndWait(); _ = first.Services; }),
            Task.Run(() => { together.SignalAndWait(); _ = second.Services; }));

        var journal = await first.QueryAsync<string>("SELECT scriptname FROM schemaversions");
        Assert.Equal(ServiceInstances.MigrationCount(DatabaseProvider.Sqlite), journal.Count);
        Assert.Equal(journal.Count, journal.Distinct().Count());
        Assert.Equal(1, await second.ScalarAsync<int>("SELECT COUNT(*) FROM associations WHERE code = 'hoglandet'"));
        Assert.Equal(1, await second.ScalarAsync<int>("SELECT COUNT(*) FROM follow_ups"));
    }

    [Fact]
    public async Task A_second_holder_of_the_lock_file_waits_until_the_first_releases_it()
    {
        var connectionString = $"Data Source={DatabasePath}";
        var held = SqliteMigrationLock.Acquire(connectionString, NullLogger.Instance);

        var waiting = Task.Run(() => SqliteMigrationLock.Acquire(connectionString, NullLogger.Instance));
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted, "A second holder took the lock while the first held it.");

        held.Dispose();
        using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(SqliteMigrationLock.PathFor(DatabasePath)));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
