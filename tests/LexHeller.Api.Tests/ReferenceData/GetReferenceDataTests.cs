namespace LexHeller.Api.Tests.ReferenceData;

public sealed class GetReferenceDataTests : IAsyncLifetime
{
    private readonly LexHellerApiFactory _factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Anyone_gets_the_associations_areas_parties_and_categories_with_swedish_labels()
    {
        var response = await _factory.CreateClient().GetAsync("/api/v1/reference-data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        var hoglandet = data["associations"]!.AsArray().Single(a => (string)a!["code"]! == "hoglandet")!;
        Assert.Equal(["Aneby", "Eksjö", "Nässjö", "Sävsjö", "Tranås", "Vetlanda"],
            hoglandet["areas"]!.AsArray().Select(a => (string)a!["name"]!));
        Assert.Contains(hoglandet["parties"]!.AsArray(), p => (string)p!["name"]! == "Försäkringskassan" && (string)p["kind"]! == "social-insurance");
        Assert.Contains(hoglandet["parties"]!.AsArray(), p => (string)p!["name"]! == "Arbetsförmedlingen" && (string)p["kind"]! == "employment-service");
        Assert.Equal(12, data["categories"]!.AsArray().Count);
        Assert.Contains(data["categories"]!.AsArray(), c => (string)c!["code"]! == "catch-22" && (string)c["label"]! == "Moment 22");
        Assert.Equal(["occurred", "risk"], data["kinds"]!.AsArray().Select(k => (string)k!));
        Assert.Equal(2, data["associations"]!.AsArray().Count);
    }
}
