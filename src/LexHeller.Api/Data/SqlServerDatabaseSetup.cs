using Microsoft.Data.SqlClient;

namespace LexHeller.Api.Data;

/// <summary>
/// What the migrator does to a SQL Server database besides its scripts: creates it when it is missing, with the
/// collation the service sorts names by, and turns on READ_COMMITTED_SNAPSHOT, the isolation model the service is
/// written for (docs/decisions/0014). Both are database-level statements that cannot run in a transaction, so they are
/// not migration scripts (DbUp runs each script in one).
/// </summary>
public static class SqlServerDatabaseSetup
{
    /// <summary>Names sort the Swedish way (Å, Ä, Ö after Z); case-insensitive, accent-sensitive.</summary>
    public const string Collation = "Finnish_Swedish_100_CI_AS";

    // Run on master: the database's name quoted by the server (QUOTENAME escapes a ']' in it), or NULL when it exists.
    // DbUp's EnsureDatabase ran `create database [name]` with the server's default collation and the name unescaped.
    public const string QuotedNameIfMissing = "SELECT CASE WHEN DB_ID(@Name) IS NULL THEN QUOTENAME(@Name) END";

    /// <summary>
    /// The database, with <see cref="Collation"/>; a batch of its own, as Azure SQL Database requires of CREATE DATABASE.
    /// Two migrators creating it at once: the second gets error 1801.
    /// </summary>
    public static string CreateDatabase(string quotedName) => $"CREATE DATABASE {quotedName} COLLATE {Collation}";

    public const string ReadState = """
        SELECT is_read_committed_snapshot_on, collation_name FROM sys.databases WHERE name = DB_NAME()
        """;

    // WITH ROLLBACK IMMEDIATE: the option needs the database to itself, so other sessions' open transactions are rolled
    // back and those sessions ended rather than waited for (once in a database's life: the first migration).
    public const string TurnOnReadCommittedSnapshot = "ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE;";

    private const int DatabaseAlreadyExists = 1801;
    private const int CannotOpenDatabase = 4060;

    /// <summary>
    /// Creates the database <paramref name="connectionString"/> names when it does not exist, with <see cref="Collation"/>.
    /// The database is first opened directly, so a login that may not use <c>master</c> (a contained user in Azure SQL)
    /// migrates an existing database; only a missing one is created through <c>master</c>.
    /// </summary>
    public static void EnsureCreated(string connectionString, ILogger logger)
    {
        var target = new SqlConnectionStringBuilder(connectionString) { Pooling = false };
        var name = target.InitialCatalog;
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128)
            throw new InvalidOperationException("ConnectionStrings:LexHeller must name the database (Database=…, at most 128 characters).");

        try
        {
            using var existing = new SqlConnection(target.ConnectionString);
            existing.Open();
            return;
        }
        catch (SqlException exception) when (exception.Number == CannotOpenDatabase)
        {
            logger.LogInformation("The database {Database} cannot be opened; creating it if it does not exist", name);
        }

        var master = new SqlConnectionStringBuilder(target.ConnectionString) { InitialCatalog = "master" };
        using var connection = new SqlConnection(master.ConnectionString);
        connection.Open();
        string? quotedName;
        using (var find = new SqlCommand(QuotedNameIfMissing, connection))
        {
            find.Parameters.Add(new SqlParameter("@Name", System.Data.SqlDbType.NVarChar, 128) { Value = name });
            quotedName = find.ExecuteScalar() as string;
        }

        if (quotedName is null)
            return;
        try
        {
            using var create = new SqlCommand(CreateDatabase(quotedName), connection) { CommandTimeout = 300 };
            create.ExecuteNonQuery();
            logger.LogInformation("Created the database {Database} with collation {Collation}", name, Collation);
        }
        catch (SqlException exception) when (exception.Number == DatabaseAlreadyExists)
        {
            logger.LogInformation("The database {Database} was created by another migrator at the same time", name);
        }
    }

    /// <summary>
    /// Turns on READ_COMMITTED_SNAPSHOT when it is off (SQL Server's default; Azure SQL Database has it on already), on
    /// the connection that holds the migration lock, outside any transaction; warns when the database's collation is
    /// not <see cref="Collation"/> (a database created before, or by someone else).
    /// </summary>
    public static void EnsureReadCommittedSnapshot(SqlServerMigrationLock held, string connectionString, ILogger logger)
    {
        bool snapshotOn;
        string? collation;
        using (var read = new SqlCommand(ReadState, held.Connection))
        using (var reader = read.ExecuteReader())
        {
            reader.Read();
            snapshotOn = reader.GetBoolean(0);
            collation = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        if (!string.Equals(collation, Collation, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogWarning("The database's collation is {Collation}, not {Expected}: names may not sort the Swedish way. "
                + "A database created by the migrator gets {Expected}; see docs/security.md for creating it by hand", collation, Collation, Collation);
        }

        if (snapshotOn)
            return;

        using (var alter = new SqlCommand(TurnOnReadCommittedSnapshot, held.Connection) { CommandTimeout = 300 })
            alter.ExecuteNonQuery();
        // The service's pooled connections to the database were ended by ROLLBACK IMMEDIATE: none is handed out again.
        using (var pooled = new SqlConnection(connectionString))
            SqlConnection.ClearPool(pooled);
        logger.LogInformation("Turned on READ_COMMITTED_SNAPSHOT for the database (the isolation model of docs/decisions/0014)");
    }
}
