using Dapper;

namespace LexHeller.Testing;

/// <summary>Reads the service's own database directly, to check what was (and was not) stored.</summary>
public static class Database
{
    public static async Task<T> ScalarAsync<T>(this LexHellerApiFactory factory, string sql, object? arguments = null)
    {
        await using var connection = await factory.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync(CancellationToken.None);
        return (await connection.ExecuteScalarAsync<T>(sql, arguments))!;
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this LexHellerApiFactory factory, string sql, object? arguments = null)
    {
        await using var connection = await factory.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync(CancellationToken.None);
        return [.. await connection.QueryAsync<T>(sql, arguments)];
    }

    public static async Task<int> ExecuteAsync(this LexHellerApiFactory factory, string sql, object? arguments = null)
    {
        await using var connection = await factory.Services.GetRequiredService<IDbConnectionFactory>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteAsync(sql, arguments);
    }

    /// <summary>Runs the service's own storage code (<paramref name="work"/>) in a session and transaction of its own, committed.</summary>
    public static async Task<T> InTransactionAsync<T>(this LexHellerApiFactory factory, Func<DbSession, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginTransactionAsync(CancellationToken.None);
        var result = await work(session);
        await session.CommitAsync(CancellationToken.None);
        return result;
    }
}
