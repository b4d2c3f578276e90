using System.Security.Cryptography;
using System.Text;

namespace LexHeller.Api.Tests.Reports;

/// <summary>
/// The scope of an idempotency record is an HMAC of the caller under a secret sealed with the key ring:
/// a copy of the database does not tie a signed-in reporter to their reports, and a replay still finds
/// its first answer, for the same caller only, also after a restart over the same database and key ring.
/// </summary>
public sealed class IdempotencyScopeTests : IDisposable
{
    private readonly ScratchDirectory _directory = new("idempotency-scope");

    public void Dispose() => _directory.Dispose();

    private Dictionary<string, string?> Settings => new() { ["DataProtection:KeysDirectory"] = _directory.PathOf("keys") };

    private string ConnectionString => $"Data Source={_directory.PathOf("lexheller.db")}";

    /// <summary>Every unkeyed digest of the reporter's identity one could try against a copied database.</summary>
    private static IEnumerable<string> UnkeyedDigests(string email)
    {
        foreach (var name in new[] { $"user:{email}", email, email.ToUpperInvariant(), $"reporter:{email}" })
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            foreach (var digest in new[] { SHA256.HashData(bytes), SHA1.HashData(bytes), MD5.HashData(bytes), SHA512.HashData(bytes), SHA384.HashData(bytes) })
            {
                yield return Convert.ToHexStringLower(digest);
                yield return Convert.ToBase64String(digest);
            }
        }
    }

    [Fact]
    public async Task The_stored_scope_is_no_unkeyed_hash_of_the_callers_identity_and_a_replay_still_finds_its_answer()
    {
        await using var factory = new LexHellerApiFactory(connectionString: ConnectionString, settings: Settings);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(factory.CreateClient());
        var reporter = factory.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail));
        var body = ReportBodies.ForNassjoKommun(referenceData);

        using var first = await reporter.PostReportAsync(body, idempotencyKey: "scope-1");
        using var again = await reporter.PostReportAsync(body, idempotencyKey: "scope-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.ReadJsonAsync()).ToJsonString(), (await again.ReadJsonAsync()).ToJsonString());
        var row = (await factory.QueryAsync<(string Scope, string Key, string RequestHash, string ReportId, string ResponseBody, string CreatedAt, string ExpiresAt)>(
            "SELECT scope, idempotency_key, request_hash, report_id, response_body, created_at, expires_at FROM idempotency_records")).Single();
        var stored = string.Join("\n", row.Scope, row.Key, row.RequestHash, row.ReportId, row.ResponseBody, row.CreatedAt, row.ExpiresAt);
        Assert.Matches("^[0-9a-f]{64}$", row.Scope);
        foreach (var digest in UnkeyedDigests(DemoSeed.ReporterEmail))
            Assert.DoesNotContain(digest, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DemoSeed.ReporterEmail, stored, StringComparison.OrdinalIgnoreCase);
        // The secret is in the database only sealed: its row does not hold the scope's key in the clear.
        var sealedSecret = await factory.ScalarAsync<string>("SELECT sealed_value FROM service_secrets WHERE name = 'idempotency-scope-key'");
        Assert.True(Convert.FromBase64String(sealedSecret).Length > 32 + 16, "sealed, with the key ring's header and MAC");
    }

    [Fact]
    public async Task Another_caller_with_the_same_key_does_not_get_the_first_answer()
    {
        await using var factory = new LexHellerApiFactory(connectionString: ConnectionString, settings: Settings);
        var referenceData = await ReferenceDataSnapshot.LoadAsync(factory.CreateClient());
        var reporter = factory.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail));
        var colleague = factory.ActingReporterClient("colleague@nassjo.example");
        var body = ReportBodies.ForNassjoKommun(referenceData);

        var mine = await (await reporter.PostReportAsync(body, idempotencyKey: "shared-key")).ReadJsonAsync();
        using var theirs = await colleague.PostReportAsync(body, idempotencyKey: "shared-key");

        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual((string)mine["id"]!, (string)(await theirs.ReadJsonAsync())["id"]!);
        Assert.Equal(2, (await factory.QueryAsync<string>("SELECT DISTINCT scope FROM idempotency_records")).Count());
    }

    [Fact]
    public async Task After_a_restart_over_the_same_database_and_key_ring_a_replay_returns_the_first_answer()
    {
        string firstAnswer, scope;
        ReferenceDataSnapshot referenceData;
        await using (var before = new LexHellerApiFactory(connectionString: ConnectionString, settings: Settings))
        {
            referenceData = await ReferenceDataSnapshot.LoadAsync(before.CreateClient());
            var reporter = before.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail));
            using var first = await reporter.PostReportAsync(ReportBodies.ForNassjoKommun(referenceData), idempotencyKey: "across-restart");
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            firstAnswer = (await first.ReadJsonAsync()).ToJsonString();
            scope = await before.ScalarAsync<string>("SELECT scope FROM idempotency_records");
        }

        await using var after = new LexHellerApiFactory(connectionString: ConnectionString, settings: Settings);
        var again = after.CreateClient().WithBearer(TestTokens.For("reporter", DemoSeed.ReporterEmail));
        using var replay = await again.PostReportAsync(ReportBodies.ForNassjoKommun(referenceData), idempotencyKey: "across-restart");

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(firstAnswer, (await replay.ReadJsonAsync()).ToJsonString());
        Assert.Equal(scope, await after.ScalarAsync<string>("SELECT scope FROM idempotency_records"));
        Assert.Equal(1, await after.ScalarAsync<int>("SELECT COUNT(*) FROM service_secrets"));
    }
}
