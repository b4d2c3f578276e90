using Dapper;
using Microsoft.Data.Sqlite;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// Schema 12 makes roles data (ADR 13). A database made before it keeps every user's rights exactly: an
/// association member becomes analyst and admin, a party member reporter and responder, each held only while
/// the token names the role, as the token decided before.
/// </summary>
public sealed class RoleCarryOverMigrationTests : IDisposable
{
    private const string Member = "medlem@gamla.example";
    private const string Contact = "kontakt@gamla.example";

    private readonly ScratchDirectory _directory = new("roles-12");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Memberships_made_before_schema_12_hold_each_role_only_while_the_token_names_it()
    {
        var connectionString = $"Data Source={_directory.PathOf("lexheller.db")}";
        var association = Guid.NewGuid();
        var party = Guid.NewGuid();
        Assert.True(OldSchemas.UpgradeSqlite(connectionString, "0012").Successful);
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.ExecuteAsync("""
                INSERT INTO associations (id, code, name, created_at) VALUES (@Association, 'gamla', 'Gamla förbundet', '2026-01-01T00:00:00.0000000Z');
                INSERT INTO parties (id, association_id, kind, name) VALUES (@Party, @Association, 'social-insurance', 'Försäkringskassan');
                INSERT INTO association_members (association_id, user_key) VALUES (@Association, @Member);
                INSERT INTO party_members (party_id, user_key) VALUES (@Party, @Contact);
                -- 0006 is written in code and ran in its place on the old database (here: no contacts to seal).
                INSERT INTO schemaversions (scriptname, applied) VALUES ('Migrations.Sqlite.0006_seal_reporter_contacts', '2026-01-01 00:00:00');
                """, new { Association = association.ToString("D"), Party = party.ToString("D"), Member, Contact });
        }

        Assert.True(OldSchemas.UpgradeSqlite(connectionString, "9999").Successful);
        await using (var migrated = new SqliteConnection(connectionString))
        {
            var grants = (await migrated.QueryAsync<(string UserKey, string Role, long RequiresRoleClaim)>(
                "SELECT user_key, role, requires_role_claim FROM member_roles ORDER BY user_key, role")).ToList();
            Assert.Equal([(Contact, "reporter", 1L), (Contact, "responder", 1L), (Member, "admin", 1L), (Member, "analyst", 1L)], grants);
            Assert.Equal(2, await migrated.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM association_members"));
        }

        SqliteConnection.ClearAllPools();
        await using var factory = new LexHellerApiFactory(connectionString: connectionString,
            settings: new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        const string Administration = "/api/v1/admin/associations/gamla/steering-groups";
        const string Statistics = "/api/v1/statistics/categories?associationCode=gamla";

        using (var asAdmin = await factory.CreateClient().WithBearer(TestTokens.For("admin", Member)).GetAsync(Administration))
            Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        using (var asAnalyst = await factory.CreateClient().WithBearer(TestTokens.For("analyst", Member)).GetAsync(Statistics))
            Assert.Equal(HttpStatusCode.OK, asAnalyst.StatusCode);
        await Problems.AssertProblemAsync(
            await factory.CreateClient().WithBearer(TestTokens.For("analyst", Member)).GetAsync(Administration), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(
            await factory.CreateClient().WithBearer(TestTokens.For("reporter", Contact)).GetAsync("/api/v1/referrals"), HttpStatusCode.Forbidden);
        using (var asResponder = await factory.CreateClient().WithBearer(TestTokens.For("responder", Contact)).GetAsync("/api/v1/referrals"))
            Assert.Equal(HttpStatusCode.OK, asResponder.StatusCode);
    }
}
