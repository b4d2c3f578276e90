using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.AspNetCore.DataProtection;

namespace LexHeller.Api.Data;

/// <summary>
/// Applies the numbered, forward-only scripts of <c>db/sqlite/</c> or <c>db/sqlserver/</c> (embedded
/// in the assembly) with DbUp, at start-up (unless <c>Database:MigrateOnStart</c> is false) and through the
/// <c>migrate</c> command, and the migrations written in code (<see cref="CodeMigration"/>) with the key ring they
/// need; always under the migration lock (<see cref="MigrationLock"/>), so that migrators never race.
/// </summary>
public sealed class DatabaseMigrator(
    DatabaseOptions options,
    IDbConnectionFactory factory,
    IEnumerable<CodeMigration> codeMigrations,
    IDataProtectionProvider keyRing,
    ILoggerFactory loggers,
    ILogger<DatabaseMigrator> logger)
{
    public const string SqliteScriptPrefix = "Migrations.Sqlite.";
    public const string SqlServerScriptPrefix = "Migrations.SqlServer.";

    /// <summary>
    /// Creates the database when it is missing and applies every pending migration, under the migration lock: a second
    /// migrator (another instance, the <c>migrate</c> command) waits for it, then finds nothing pending.
    /// </summary>
    public DatabaseUpgradeResult Migrate()
    {
        using var held = Lock(createDatabase: true);
        return Migrate(held);
    }

    /// <summary>
    /// Takes the migration lock (<see cref="MigrationLock"/>), waiting while another process holds it. With
    /// <paramref name="createDatabase"/> a missing SQL Server database is created first (its lock lives in it).
    /// </summary>
    public MigrationLock Lock(bool createDatabase)
    {
        if (createDatabase && options.Provider == DatabaseProvider.SqlServer)
            SqlServerDatabaseSetup.EnsureCreated(options.ConnectionString, logger);
        return MigrationLock.Acquire(options, logger);
    }

    /// <summary>Applies every pending migration while <paramref name="held"/> (taken with <see cref="Lock"/>) is held.</summary>
    public DatabaseUpgradeResult Migrate(MigrationLock held)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (factory is SqliteConnectionFactory sqlite)
            sqlite.EnsureDatabaseFile();
        else if (held is SqlServerMigrationLock sqlServerLock)
            SqlServerDatabaseSetup.EnsureReadCommittedSnapshot(sqlServerLock, options.ConnectionString, logger);

        var result = BuildEngine().PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration '{result.ErrorScript?.Name}' failed.", result.Error);

        foreach (var script in result.Scripts)
            logger.LogInformation("Applied migration {Script}", script.Name);
        if (!result.Scripts.Any())
            logger.LogInformation("No migration pending: the schema is current");

        // 0007 dropped the reporter contact's plaintext columns; SQLite keeps dropped data in free pages
        // until the file is rewritten, so it is rewritten once, now.
        if (factory is SqliteConnectionFactory sqliteFactory
            && result.Scripts.Any(script => script.Name.EndsWith("0007_drop_plaintext_contact.sql", StringComparison.Ordinal)))
        {
            sqliteFactory.Compact();
            logger.LogInformation("Rewrote the SQLite file after dropping the reporter contact's plaintext columns");
        }
        return result;
    }

    /// <summary>The scripts not yet applied; empty when the schema is current.</summary>
    public IReadOnlyList<string> PendingScripts() =>
        [.. BuildEngine().GetScriptsToExecute().Select(script => script.Name)];

    private UpgradeEngine BuildEngine()
    {
        var builder = options.Provider switch
        {
            DatabaseProvider.Sqlite => DeployChanges.To.SqliteDatabase(options.ConnectionString),
            DatabaseProvider.SqlServer => DeployChanges.To.SqlDatabase(options.ConnectionString),
            _ => throw new InvalidOperationException($"No migrations for {options.Provider}."),
        };

        var prefix = options.Provider == DatabaseProvider.Sqlite ? SqliteScriptPrefix : SqlServerScriptPrefix;
        builder = builder
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.StartsWith(prefix, StringComparison.Ordinal));
        foreach (var migration in codeMigrations)
            builder = builder.WithScript(prefix + migration.Name, migration.Script(keyRing, loggers));
        return builder
            .WithTransactionPerScript()
            .LogTo(new UpgradeLogAdapter(logger))
            .Build();
    }

    private sealed class UpgradeLogAdapter(ILogger logger) : IUpgradeLog
    {
#pragma warning disable CA2254 // DbUp hands over its own format strings.
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
#pragma warning restore CA2254
    }
}
