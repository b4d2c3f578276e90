using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace LexHeller.Api.Data;

/// <summary>The <c>DataProtection</c> settings: where the key ring lives and what protects it at rest.</summary>
public sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";

    /// <summary>A directory for the key ring. Unset: beside the SQLite database, or in the database on SQL Server.</summary>
    public string? KeysDirectory { get; init; }

    /// <summary>A PFX file whose certificate encrypts the keys at rest (recommended in production).</summary>
    public string? CertificatePath { get; init; }

    public string? CertificatePassword { get; init; }
}

public static class DataProtectionSetup
{
    /// <summary>
    /// The Data Protection key ring seals reporter contacts and idempotent answers, so it must outlive
    /// restarts and be shared by every instance: in <c>DataProtection:KeysDirectory</c> when set, else
    /// beside the SQLite database, else (SQL Server) in the database's <c>data_protection_keys</c> table.
    /// With <c>DataProtection:CertificatePath</c>, the keys themselves are encrypted with that certificate.
    /// </summary>
    public static IServiceCollection AddLexHellerDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var settings = configuration.GetSection(DataProtectionSettings.Section).Get<DataProtectionSettings>() ?? new DataProtectionSettings();
        var builder = services.AddDataProtection().SetApplicationName("LexHeller");
        if (Infrastructure.Http.OpenApiSetup.IsBuildTimeDocumentGeneration)
            return services;

        var keysDirectory = settings.KeysDirectory;
        var database = DatabaseOptions.FromConfiguration(configuration, environment.ContentRootPath);
        if (string.IsNullOrWhiteSpace(keysDirectory) && database.Provider == DatabaseProvider.Sqlite)
        {
            var dataSource = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            keysDirectory = Path.Combine(Path.GetDirectoryName(dataSource) ?? environment.ContentRootPath, "keys");
        }

        if (!string.IsNullOrWhiteSpace(keysDirectory))
        {
            builder.PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        }
        else
        {
            services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, provider) =>
                options.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<IDbConnectionFactory>(),
                    provider.GetRequiredService<Resilience.DatabaseResilience>(), TimeProvider.System));
        }

        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(
                Path.GetFullPath(settings.CertificatePath, environment.ContentRootPath), settings.CertificatePassword);
            // The same certificate reads the keys again (ProtectKeysWithCertificate registers it too; said here so that it is plain).
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        return services;
    }
}
