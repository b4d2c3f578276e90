using LexHeller.Api.Data;

namespace LexHeller.Api.Tests.Infrastructure;

/// <summary>
/// <see cref="DbSession"/> on the service's real SQLite database: a write runs in the session's transaction or
/// not at all, unless it says it runs outside one; a read sees the transaction's own writes; and the request
/// path (a command's transaction, a query's logged contact reading) works through it.
/// </summary>
public sealed class DbSessionTests : IAsyncLifetime
{
    private const string InsertSecret = "INSERT INTO service_secrets (name, sealed_value, created_at) VALUES (@Name, 'x', @Now)";
    private const string CountSecret = "SELECT COUNT(*) FROM service_secrets WHERE name = @Name";

    private readonly LexHellerApiFactory _factory = new();
    private ReferenceDataSnapshot _referenceData = null!;

    public async ValueTask InitializeAsync() => _referenceData = await ReferenceDataSnapshot.LoadAsync(_factory.CreateClient());

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_write_without_an_open_transaction_is_refused_and_stores_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = NewName();
        await using var scope = _factory.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => session.ExecuteAsync(InsertSecret, Secret(name), ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.ExecuteScalarAsync<int>(InsertSecret, Secret(name), ct));

        Assert.Null(session.Transaction);
        Assert.Equal(0, await _factory.ScalarAsync<int>(CountSecret, new { Name = name }));
    }

    [Fact]
    public async Task A_write_in_the_transaction_is_read_back_in_it_and_rolled_back_or_committed_with_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var rolledBack = NewName();
        var committed = NewName();
        await using var scope = _factory.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();

        await session.BeginTransactionAsync(ct);
        Assert.Equal(1, await session.ExecuteAsync(InsertSecret, Secret(rolledBack), ct));
        // Read on the transaction's connection: another connection would not see the uncommitted row.
        Assert.Equal(1, await session.ScalarAsync<int>(CountSecret, new { Name = rolledBack }, ct));
        Assert.Equal(0, await _factory.ScalarAsync<int>(CountSecret, new { Name = rolledBack }));
        await session.RollbackAsync();
        Assert.Equal(0, await _factory.ScalarAsync<int>(CountSecret, new { Name = rolledBack }));

        await session.BeginTransactionAsync(ct);
        await session.ExecuteAsync(InsertSecret, Secret(committed), ct);
        await session.CommitAsync(ct);
        Assert.Equal(1, await _factory.ScalarAsync<int>(CountSecret, new { Name = committed }));
    }

    [Fact]
    public async Task A_write_outside_a_transaction_is_committed_on_its_own_and_refused_while_a_transaction_is_open()
    {
        var ct = TestContext.Current.CancellationToken;
        var outside = NewName();
        var beside = NewName();
        await using var scope = _factory.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();

        Assert.Equal(1, await session.ExecuteOutsideTransactionAsync(InsertSecret, Secret(outside), ct));
        Assert.Equal(1, await _factory.ScalarAsync<int>(CountSecret, new { Name = outside }));

        await session.BeginTransactionAsync(ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.ExecuteOutsideTransactionAsync(InsertSecret, Secret(beside), ct));
        await session.RollbackAsync();
        Assert.Equal(0, await _factory.ScalarAsync<int>(CountSecret, new { Name = beside }));
    }

    [Fact]
    public async Task Work_in_a_transaction_of_its_own_is_committed_before_it_returns_and_rolled_back_when_it_throws()
    {
        var ct = TestContext.Current.CancellationToken;
        var kept = NewName();
        var failed = NewName();
        await using var scope = _factory.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();

        await session.InTransactionAsync(token => session.ExecuteAsync(InsertSecret, Secret(kept), token), ct);
        Assert.Null(session.Transaction);
        Assert.Equal(1, await _factory.ScalarAsync<int>(CountSecret, new { Name = kept }));

        await Assert.ThrowsAsync<TimeoutException>(() => session.InTransactionAsync(async token =>
        {
            await session.ExecuteAsync(InsertSecret, Secret(failed), token);
            throw new TimeoutException("after the write");
        }, ct));
        Assert.Null(session.Transaction);
        Assert.Equal(0, await _factory.ScalarAsync<int>(CountSecret, new { Name = failed }));
    }

    [Fact]
    public async Task The_request_path_files_in_a_command_transaction_and_a_query_logs_the_contact_it_discloses()
    {
        const string email = "sessionstest@aneby.example";
        var filed = await _factory.CreateClient().PostReportAsync(ReportBodies.FromFixture(_referenceData, 0, ReportBodies.Contact(email)));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var id = (Guid)(await filed.ReadJsonAsync())["id"]!;
        Assert.Equal(1, await _factory.ScalarAsync<int>("SELECT COUNT(*) FROM reports WHERE id = @Id", new { Id = id }));

        var triager = _factory.CreateClient().WithBearer(TestTokens.For("triager", DemoSeed.TriagerEmail));
        var report = (await triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}", TestContext.Current.CancellationToken))!;

        Assert.Equal(email, (string)report["reporter"]!["email"]!);
        Assert.Equal(DemoSeed.TriagerEmail, await _factory.ScalarAsync<string>(
            "SELECT actor FROM reporter_contact_access WHERE report_id = @Id AND action = 'read' AND purpose = 'triage'", new { Id = id }));
    }

    private object Secret(string name) => new { Name = name, Now = _factory.Clock.GetUtcNow() };

    private static string NewName() => $"db-session-test-{Guid.NewGuid():N}";
}
