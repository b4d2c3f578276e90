using System.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;

namespace LexHeller.Api.Tests.Security;

/// <summary>
/// The personal-number guard through HTTP, on the same write endpoints and arrangements as the rest of
/// the hostile input: every spelling of <c>personal-number-spellings.json</c> alone, in every guarded
/// field of every endpoint (one request each: the guard refuses before anything is stored, so one
/// arrangement per endpoint serves them all, and the whole run takes seconds), and the look-alikes in
/// every text field of a report.
/// </summary>
public sealed partial class HostileInputTests
{
    public static TheoryData<string> EndpointsWithGuardedText() => [.. FedWithFreeText()];

    private static IEnumerable<string> FedWithFreeText() =>
        Feeds.Where(feed => feed.Value.FreeTextMembers.Count > 0).Select(feed => feed.Key).Order(StringComparer.Ordinal);

    [Fact]
    public void Every_guarded_field_of_every_message_is_a_member_of_an_endpoints_body()
    {
        var guarded = FreeTextInventory.Walk(FreeTextInventoryTests.Messages(), new Dictionary<string, string>()).Guarded;
        var bodies = WriteEndpoints().Select(endpoint => endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType).OfType<Type>().ToHashSet();

        Assert.NotEmpty(guarded);
        // A query's guarded text (the duplicate search) is refused but never stored: it is no write endpoint's body.
        Assert.All(guarded.Where(member => !member.Request.Name.Equals("Query", StringComparison.Ordinal)), member => Assert.Contains(member.Request, bodies));
        Assert.Equal(
            bodies.Where(body => GuardedFields(body).Count > 0).Select(FreeTextInventory.Name).Order(StringComparer.Ordinal),
            FedWithFreeText().Select(name =>
                FreeTextInventory.Name(WriteEndpoints().Single(endpoint => Name(endpoint) == name).Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType!))
                .Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(EndpointsWithGuardedText))]
    public async Task Every_spelling_of_a_personal_number_is_refused_in_every_guarded_field_and_nothing_is_stored(string endpointName)
    {
        var endpoint = WriteEndpoints().Single(candidate => Name(candidate) == endpointName);
        var fields = GuardedFields(endpoint.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType!);
        var feed = Feeds[endpointName];
        var target = await feed.ArrangeAsync(api);
        var spellings = Fixtures.PersonalNumberSpellings();
        var rowsBefore = await RowCountsAsync();
        var watch = Stopwatch.StartNew();

        var failures = new List<string>();
        foreach (var field in fields)
        {
            foreach (var spelling in spellings)
            {
                var request = new HostileRequest("personal number", $"{field}: {spelling.Label}", HostileInput.With(target.Body!, field, spelling.Text), Field: field);
                using var response = await SendAsync(feed.Caller(api), endpoint, target, request);
                if (await GuardRefusalProblemAsync(response, field, spelling.Text) is { } failure)
                    failures.Add($"{endpointName} | {request} | {failure}");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{endpointName}: {fields.Count} guarded fields ({string.Join(", ", fields)}) × {spellings.Count} spellings in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.NotEmpty(fields);
        // The feed's free text, listed by hand for the hostile text, is guarded: FreeText() forgets none of it.
        Assert.Subset(fields.ToHashSet(), feed.FreeTextMembers.ToHashSet());
        Assert.True(failures.Count == 0, $"{failures.Count} of {fields.Count * spellings.Count} spellings got through or were not refused as a personal number:\n"
            + string.Join('\n', failures));
        Assert.Equal(rowsBefore, await RowCountsAsync());
    }

    [Fact]
    public async Task Look_alikes_of_personal_numbers_in_every_text_field_of_a_report_are_accepted()
    {
        var lookAlikes = Fixtures.PersonalNumberLookAlikes();
        var failures = new List<string>();
        foreach (var lookAlike in lookAlikes)
        {
            var body = ReportBodies.FromFixture(api.ReferenceData, 0, ReportBodies.Contact());
            foreach (var field in new[] { "description", "consequence", "actionsTaken", "suggestedImprovement" })
                body[field] = lookAlike.Text;
            body["reporter"]!["name"] = lookAlike.Text;
            body["reporter"]!["role"] = lookAlike.Text;

            using var response = await api.Workflow.Reporter.PostReportAsync(body);
            if (response.StatusCode != HttpStatusCode.Created)
                failures.Add($"{lookAlike.Label} ({lookAlike.Text}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(lookAlikes.Count >= 40, $"Only {lookAlikes.Count} look-alikes.");
        Assert.True(failures.Count == 0, $"Look-alikes refused:\n{string.Join('\n', failures)}");
    }

    /// <summary>The JSON names of the members of <paramref name="body"/> that the personal-number guard reads.</summary>
    private static IReadOnlyList<string> GuardedFields(Type body) =>
        [.. FreeTextInventory.Walk([body], new Dictionary<string, string>()).Guarded.Select(member => member.Path)];

    /// <summary>
    /// Null when the answer is the guard's 422 naming just <paramref name="field"/> and saying why. A field of one
    /// line refuses a tab or line break before the guard reads it: a 400 naming the field is a refusal too.
    /// </summary>
    private static async Task<string?> GuardRefusalProblemAsync(HttpResponseMessage response, string field, string text)
    {
        var content = await response.Content.ReadAsStringAsync();
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(content) : null;
        var errors = problem?["errors"] as JsonObject;
        if (response.StatusCode == HttpStatusCode.BadRequest && text.Any(char.IsControl) && errors?.ContainsKey(field) == true)
            return null;
        if (response.StatusCode != HttpStatusCode.UnprocessableEntity || errors is null)
            return $"{(int)response.StatusCode}: {content}";
        if (!errors.Select(error => error.Key).SequenceEqual([field]))
            return $"422 naming {string.Join(", ", errors.Select(error => error.Key))}: {content}";
        if ((string?)errors[field]![0] is not { } message || !message.Contains("valid date and check digit", StringComparison.Ordinal)
            || !message.Contains("even when the number is something else", StringComparison.Ordinal))
            return $"422 without saying that a number with a valid date and check digit is refused whatever it is: {content}";
        return null;
    }
}
