using System.Data.Common;

namespace LexHeller.Testing.Contracts;

/// <summary>
/// Codes compare the same on both engines, and names sort the Swedish way on both (issue 19, point 2;
/// docs/domain.md#codes, docs/architecture.md#collations). SQLite compares text binary and SQL Server's
/// default collation is case- and trailing-space-insensitive, so before codes had one canonical form a code
/// typed in another case was refused on one engine and accepted, and stored as typed, on the other.
/// </summary>
public abstract class CodesAndNamesContract : WorkflowContract
{
    private const string From = "2013-01-01";
    private const string To = "2013-12-31";

    private HttpClient Admin => Factory.CreateClient().WithBearer(TestTokens.For("admin", DemoSeed.AdminEmail));

    [Fact]
    public async Task Triage_with_Handover_and_spaced_handover_stores_handover_and_statistics_count_them_as_one_category()
    {
        var factory = await StartAsync();
        await factory.ExecuteAsync("UPDATE associations SET suppression_threshold = 1 WHERE code = @Code", new { Code = ReportBodies.Association });
        var ids = new List<Guid>();
        foreach (var (typed, day) in new[] { ("Handover", 3), (" handover ", 4) })
        {
            var body = ReportBodies.FromFixture(ReferenceData, 0);
            body["eventDate"] = $"2013-05-{day:D2}";
            body["suggestedCategory"] = "waiting-time";
            var (id, _, _) = await Workflow.FileAsync(body);
            ids.Add(id);

            var response = await Workflow.ActAsync(id, "triage", new { reason = "Tillhör samverkansuppdraget.", category = typed });
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"triage with '{typed}': {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        foreach (var id in ids)
            Assert.Equal("handover", await factory.ScalarAsync<string>("SELECT category FROM reports WHERE id = @Id", new { Id = id }));

        var analyst = factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));
        var statistics = await analyst.GetFromJsonAsync<JsonNode>(
            $"/api/v1/statistics/categories?interval=year&associationCode={ReportBodies.Association}&from={From}&to={To}");
        var rows = statistics!["categories"]!.AsArray();
        Assert.Equal(2, (int)rows.Single(row => (string)row!["code"]! == "handover")!["total"]!["value"]!);
        Assert.DoesNotContain(rows, row => string.Equals((string)row!["code"]!, "handover", StringComparison.OrdinalIgnoreCase) && (string)row!["code"]! != "handover");
        Assert.Equal(2, (int)statistics["total"]!["value"]!);
    }

    [Fact]
    public async Task An_association_and_area_code_in_upper_case_or_with_spaces_name_the_same_association_and_area()
    {
        var factory = await StartAsync();
        var body = ReportBodies.FromFixture(ReferenceData, 0);
        var area = (string)body["areaCode"]!;
        body["associationCode"] = $" {ReportBodies.Association.ToUpperInvariant()}";
        body["areaCode"] = $"{char.ToUpperInvariant(area[0])}{area[1..]} ";
        body["eventDate"] = "2013-06-01";

        var (id, _, _) = await Workflow.FileAsync(body);

        Assert.Equal(area, await factory.ScalarAsync<string>(
            "SELECT a.code FROM reports r JOIN areas a ON a.id = r.area_id WHERE r.id = @Id", new { Id = id }));

        // The administration takes a new code in any case and keeps it canonical; lookups find it however it is typed.
        var admin = Admin;
        var created = await admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association.ToUpperInvariant()}/areas",
            new { code = " Eksjo-Norra ", name = "Eksjö norra" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        Assert.Equal("eksjo-norra", (string)(await created.ReadJsonAsync())["code"]!);
        var again = await admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/areas", new { code = "EKSJO-NORRA", name = "Eksjö norra igen" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var renamed = await admin.PatchAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/areas/Eksjo-Norra", new { name = "Eksjö norr" });
        Assert.True(renamed.StatusCode == HttpStatusCode.OK, $"{(int)renamed.StatusCode} {await renamed.Content.ReadAsStringAsync()}");
        Assert.Equal(["eksjo-norra"], await factory.QueryAsync<string>("SELECT code FROM areas WHERE name = @Name", new { Name = "Eksjö norr" }));

        // Statistics by an association and area typed in capitals.
        var analyst = factory.CreateClient().WithBearer(TestTokens.For("analyst", DemoSeed.AnalystEmail));
        var statistics = await analyst.GetAsync($"/api/v1/statistics/areas?associationCode=HOGLANDET&areaCode={area.ToUpperInvariant()}&from={From}&to={To}");
        Assert.True(statistics.StatusCode == HttpStatusCode.OK, $"{(int)statistics.StatusCode} {await statistics.Content.ReadAsStringAsync()}");
        Assert.Equal(area, (string)(await statistics.ReadJsonAsync())["filter"]!["areaCode"]!);
    }

    [Fact]
    public async Task A_code_in_another_form_cannot_be_stored_even_by_hand()
    {
        var factory = await StartAsync();
        var associationId = await factory.ScalarAsync<string>("SELECT CAST(id AS VARCHAR(36)) FROM associations WHERE code = @Code", new { Code = ReportBodies.Association });

        foreach (var code in new[] { "Eksjo", " eksjo", "eksjo " })
        {
            await Assert.ThrowsAnyAsync<DbException>(() => factory.ExecuteAsync(
                "INSERT INTO areas (id, association_id, code, name) VALUES (@Id, @AssociationId, @Code, @Name)",
                new { Id = Guid.NewGuid().ToString(), AssociationId = associationId, Code = code, Name = "För hand" }));
        }

        Assert.Equal(0, await factory.ScalarAsync<int>("SELECT COUNT(*) FROM areas WHERE name = @Name", new { Name = "För hand" }));
    }

    [Fact]
    public async Task Names_with_a_ring_and_dots_sort_after_z_and_case_does_not_decide()
    {
        var factory = await StartAsync();
        var admin = Admin;
        string[] swedishOrder = ["abc-enheten", "Bäckens vårdcentral", "Zeta-teamet", "Åby vårdcentral", "Älmhults mottagning", "Östra kliniken"];
        foreach (var name in swedishOrder.Reverse())
        {
            var created = await admin.PostAsJsonAsync($"/api/v1/admin/associations/{ReportBodies.Association}/parties", new { kind = "other", name });
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"{name}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        // The public reference data (the report form's lists) and the administrators' party list.
        var referenceData = (await Workflow.Anonymous.GetFromJsonAsync<JsonNode>("/api/v1/reference-data"))!;
        var listed = referenceData["associations"]!.AsArray().Single(a => (string)a!["code"]! == ReportBodies.Association)!["parties"]!.AsArray()
            .Select(p => (string)p!["name"]!).Where(swedishOrder.Contains);
        Assert.Equal(swedishOrder, listed);

        var parties = (await admin.GetFromJsonAsync<JsonNode>($"/api/v1/admin/associations/{ReportBodies.Association}/parties"))!;
        Assert.Equal(swedishOrder, parties["parties"]!.AsArray().Select(p => (string)p!["name"]!).Where(swedishOrder.Contains));
    }
}
