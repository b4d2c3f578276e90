namespace LexHeller.Bench;

/// <summary>One value read from the bench database.</summary>
internal static class SqliteRead
{
    public static object? Scalar(SqliteConnection connection, string sql, object? parameter = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
            command.Parameters.AddWithValue("$p", parameter);
        return command.ExecuteScalar();
    }
}
