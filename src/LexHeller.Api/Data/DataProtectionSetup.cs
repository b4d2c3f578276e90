using Microsoft.AspNetCore.DataProtection;

namespace LexHeller.Api.Data;

public static class DataProtectionSetup
{
    /// <summary>
    /// Data Protection keys live in <c>DataProtection:KeysDirectory</c>, or beside the SQLite database,
    /// so that protected data (idempotent answers) stays readable across restarts.
    /// </summary>
    public static IServiceCollection AddLexHellerDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var keysDirectory = configuration["DataProtection:KeysDirectory"];
        if (string.IsNullOrWhiteSpace(keysDirectory))
        {
            var database = DatabaseOptions.FromConfiguration(configuration, environment.ContentRootPath);
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
                keysDirectory = Path.Combine(Path.GetDirectoryName(dataSource) ?? environment.ContentRootPath, "keys");
            }
        }

        var builder = services.AddDataProtection().SetApplicationName("LexHeller");
        if (!string.IsNullOrWhiteSpace(keysDirectory) && !Infrastructure.Http.OpenApiSetup.IsBuildTimeDocumentGeneration)
            builder.PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        return services;
    }
}
