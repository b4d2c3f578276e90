using LexHeller.Api.Data;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Infrastructure;

/// <summary>
/// The SQLite writer turn (<c>SqliteConnectionFactory.EnterWriterAsync</c>) on a real database file: one
/// transaction at a time, all on one kept connection (whose page cache no other writer invalidates), which a
/// failed commit or rollback has replaced.
/// </summary>
public sealed class SqliteWriterTurnTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lexheller-writer-turn-").FullName;
    private readonly string _connectionString;
    private readonly SqliteConnectionFactory _factory;

    public SqliteWriterTurnTests()
    {
        _connectionString = $"Data Source={Path.Combine(_directory, "turn.db")}";
        _factory = new SqliteConnectionFactory(new DatabaseOptions { ConnectionString = _connectionString });
        _factory.EnsureDatabaseFile();
    }

    [Fact]
    public async Task Turns_follow_each_other_on_one_kept_connection_with_the_service_settings()
    {
        var ct = TestContext.Current.CancellationToken;
        System.Data.Common.DbConnection first;
        using (var turn = await _factory.EnterWriterAsync(ct))
        {
            first = turn!.Connection!;
            await using var command = first.CreateCommand();
            command.CommandText = "PRAGMA foreign_keys";
            Assert.Equal(1L, await command.ExecuteScalarAsync(ct));
        }

        using var second = await _factory.EnterWriterAsync(ct);
        Assert.Same(first, second!.Connection);
        Assert.Equal(System.Data.ConnectionState.Open, second.Connection!.State);
    }

    [Fact]
    public async Task A_second_writer_waits_until_the_first_turn_ends()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await _factory.EnterWriterAsync(ct);
        var second = await StillWaitingAsync(_factory.EnterWriterAsync(ct).AsTask());
        first!.Dispose();
        using var entered = await second.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.NotNull(entered!.Connection);
    }

    [Fact]
    public async Task A_discarded_turn_closes_its_connection_and_the_next_turn_opens_a_new_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var discarded = await _factory.EnterWriterAsync(ct);
        var old = (SqliteConnection)discarded!.Connection!;
        discarded.Discard();

        Assert.Equal(System.Data.ConnectionState.Closed, old.State);
        using var next = await _factory.EnterWriterAsync(ct);
        Assert.NotSame(old, next!.Connection);
        Assert.Equal(System.Data.ConnectionState.Open, next.Connection!.State);
    }

    [Fact]
    public async Task Ending_a_turn_twice_releases_it_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var turn = await _factory.EnterWriterAsync(ct);
        turn!.Dispose();
        turn.Dispose();
        turn.Discard();
        Assert.Null(turn.Connection);

        using var next = await _factory.EnterWriterAsync(ct);
        // Had the turn been released more than once, a third writer would not have to wait for this one.
        var third = await StillWaitingAsync(_factory.EnterWriterAsync(ct).AsTask());
        next!.Dispose();
        (await third)!.Dispose();
    }

    [Fact]
    public async Task After_the_factory_is_disposed_no_turn_is_given()
    {
        _factory.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await _factory.EnterWriterAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<Task<IWriterTurn?>> StillWaitingAsync(Task<IWriterTurn?> entering)
    {
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(entering.IsCompleted, "The writer entered while another turn was held.");
        return entering;
    }

    public void Dispose()
    {
        _factory.Dispose();
        // This file's pool only: clearing every pool would close the connections of test classes running in parallel.
        using (var pooled = new SqliteConnection(SqliteConnectionFactory.PooledConnectionString(_connectionString)))
            SqliteConnection.ClearPool(pooled);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp directory's cleanup.
        }
    }
}
