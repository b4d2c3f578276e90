using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Privacy;

/// <summary>With <c>DataProtection:CertificatePath</c>, the key ring itself is encrypted, and a restarted service still opens the contacts.</summary>
public sealed class KeyRingCertificateTests : IDisposable
{
    private readonly ScratchDirectory _directory = new("keyring");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_keys_are_stored_encrypted_with_the_certificate_and_read_again_after_a_restart()
    {
        var certificatePath = _directory.PathOf("dataprotection.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Lex Heller Data Protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificatePath, certificate.Export(X509ContentType.Pfx, "hemligt"));
        }

        var keys = _directory.PathOf("keys");
        var settings = new Dictionary<string, string?>
        {
            ["DataProtection:KeysDirectory"] = keys,
            ["DataProtection:CertificatePath"] = certificatePath,
            ["DataProtection:CertificatePassword"] = "hemligt",
        };
        var connectionString = $"Data Source={_directory.PathOf("lexheller.db")}";

        Guid id;
        await using (var first = new LexHellerApiFactory(connectionString: connectionString, settings: settings))
        {
            var workflow = new Workflow(first);
            var referenceData = await ReferenceDataSnapshot.LoadAsync(workflow.Anonymous);
            (id, _, _) = await workflow.FileAsync(ReportBodies.FromFixture(referenceData, 0, ReportBodies.Contact("certifikat@nassjo.example")));
        }

        var keyFile = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(keys, "key-*.xml")));
        Assert.Contains("encryptedSecret", keyFile, StringComparison.Ordinal);
        Assert.DoesNotContain("unencrypted form", keyFile, StringComparison.Ordinal);

        SqliteConnection.ClearAllPools();
        await using var restarted = new LexHellerApiFactory(connectionString: connectionString, settings: settings);
        var report = await new Workflow(restarted).Triager.GetFromJsonAsync<JsonNode>($"/api/v1/reports/{id}");
        Assert.Equal("certifikat@nassjo.example", (string)report!["reporter"]!["email"]!);
    }
}
