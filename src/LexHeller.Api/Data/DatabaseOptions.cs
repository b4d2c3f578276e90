namespace LexHeller.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// <c>Database:Provider</c> (<c>sqlite</c> by default, or <c>sqlserver</c>) and the
/// <c>ConnectionStrings:LexHeller</c> connection string.
/// </summary>
public sealed class DatabaseOptions
{
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/lexheller.db";

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    public required string ConnectionString { get; init; }

    /// <summary>
    /// <c>Database:MigrateOnStart</c>: the service applies pending migrations as it starts (true by default, for the
    /// embedded database and development). False where the deployment migrates in a step of its own (the image and
    /// docker-compose.yml, with the <c>migrate</c> command): the service then refuses to start while any migration is pending.
    /// </summary>
    public bool MigrateOnStart { get; init; } = true;

    /// <summary>
    /// Reads the settings. A relative SQLite path is taken from the content root, so the database is
    /// the same file whatever directory the service is started from.
    /// </summary>
    public static DatabaseOptions FromConfiguration(IConfiguration configuration, string contentRootPath)
    {
        var providerText = configuration["Database:Provider"];
        var provider = providerText?.Trim().ToUpperInvariant() switch
        {
            null or "" or "SQLITE" => DatabaseProvider.Sqlite,
            "SQLSERVER" or "MSSQL" => DatabaseProvider.SqlServer,
            _ => throw new InvalidOperationException(
                $"Database:Provider '{providerText}' is not supported; use 'sqlite' or 'sqlserver'."),
        };

        var connectionString = configuration.GetConnectionString("LexHeller");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? DefaultSqliteConnectionString
                : throw new InvalidOperationException(
                    "ConnectionStrings:LexHeller is required when Database:Provider is 'sqlserver'.");
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
            if (!Path.IsPathRooted(sqlite.DataSource) && sqlite.DataSource != ":memory:")
                sqlite.DataSource = Path.GetFullPath(Path.Combine(contentRootPath, sqlite.DataSource));
            connectionString = sqlite.ConnectionString;
        }

        return new DatabaseOptions
        {
            Provider = provider,
            ConnectionString = connectionString,
            MigrateOnStart = configuration.GetValue("Database:MigrateOnStart", true),
        };
    }
}
