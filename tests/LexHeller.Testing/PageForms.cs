using System.Text.RegularExpressions;

namespace LexHeller.Testing;

/// <summary>
/// The pages through plain HTTP, as a browser without JavaScript uses them: read a page, take the
/// antiforgery token its form carries, post the form. Cookies are kept by the client.
/// </summary>
public static partial class PageForms
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("href=\"(/triage/(?:ko|avvikelse)/[0-9a-f-]{36})\"")]
    private static partial Regex TriageLink();

    /// <summary>
    /// A client for pages: it keeps cookies and does not follow redirects, so a test sees them. In
    /// memory it speaks https, as a browser does in production: the cookies are Secure, and a Secure
    /// cookie is never sent back over http.
    /// </summary>
    public static HttpClient CreatePageClient(this LexHellerApiFactory factory) =>
        factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = factory.ServesOnKestrel ? factory.BaseAddress : new Uri("https://localhost"),
        });

    public static async Task<string> GetPageAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Reads the page at <paramref name="path"/> and posts its form with <paramref name="fields"/> and the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path,
        IEnumerable<KeyValuePair<string, string>> fields, string? postPath = null) =>
        await client.PostAsync(postPath ?? path,
            new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", await client.AntiforgeryTokenAsync(path))]));

    /// <summary>The antiforgery token of the form on the page at <paramref name="path"/>, for this client's user (and its cookie).</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string path)
    {
        var token = AntiforgeryToken().Match(await client.GetPageAsync(path));
        Assert.True(token.Success, $"The page {path} has no antiforgery token.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>Signs the client in as a demo identity through the development sign-in page.</summary>
    public static async Task SignInAsync(this HttpClient client, string email)
    {
        Assert.NotNull(DemoIdentities.SignIn.Find(email));
        using var response = await client.PostFormAsync("/logga-in/demo", [new("email", email)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>What a signed-in triager reaches by following links: the queues page, the first queue's page, and the path of the first report in it.</summary>
    public static async Task<(string Queues, string Queue, string ReportPath)> FollowToFirstReportAsync(this HttpClient triager)
    {
        var queues = await triager.GetPageAsync("/triage");
        var queue = await triager.GetPageAsync(TriageLink().Match(queues).Groups[1].Value);
        var reportPath = TriageLink().Matches(queue).Select(match => match.Groups[1].Value).First(path => path.Contains("avvikelse", StringComparison.Ordinal));
        return (queues, queue, reportPath);
    }

    /// <summary>The Swedish messages of the page's error summary, in order.</summary>
    public static IReadOnlyList<string> ErrorSummary(string page)
    {
        var summary = Regex.Match(page, "<div class=\"error-summary\".*?</ul>", RegexOptions.Singleline);
        return summary.Success
            ? [.. Regex.Matches(summary.Value, "<li>(?:<a href=\"#[^\"]*\">)?(.*?)(?:</a>)?</li>").Select(item => WebUtility.HtmlDecode(item.Groups[1].Value))]
            : [];
    }
}

/// <summary>The report form's fields, filled from a fixture report as a caseworker would fill them.</summary>
public static class ReportFormFields
{
    public static List<KeyValuePair<string, string>> FromFixture(ReferenceDataSnapshot referenceData, string idempotencyKey, int index = 0)
    {
        var body = ReportBodies.FromFixture(referenceData, index);
        List<KeyValuePair<string, string>> fields =
        [
            new("Input.AssociationCode", (string)body["associationCode"]!),
            new("Input.IdempotencyKey", idempotencyKey),
            new("Input.AreaCode", (string)body["areaCode"]!),
            new("Input.EventDate", (string)body["eventDate"]!),
            new("Input.Kind", (string)body["kind"]!),
            new("Input.ReporterPartyId", body["reporterPartyId"]!.GetValue<Guid>().ToString()),
            new("Input.SuggestedCategory", (string)body["suggestedCategory"]!),
            new("Input.Description", (string)body["description"]!),
            new("Input.Consequence", (string)body["consequence"]!),
            new("Input.ActionsTaken", (string)body["actionsTaken"]!),
            new("Input.SuggestedImprovement", (string)body["suggestedImprovement"]!),
        ];
        fields.AddRange(body["involvedPartyIds"]!.AsArray().Select(id => new KeyValuePair<string, string>("Input.InvolvedPartyIds", id!.GetValue<Guid>().ToString())));
        return fields;
    }

    /// <summary>The fields with one replaced (or added).</summary>
    public static List<KeyValuePair<string, string>> With(this List<KeyValuePair<string, string>> fields, string name, string value) =>
        [.. fields.Where(field => field.Key != name), new(name, value)];
}

/// <summary>What the report form says, in Swedish, as the page tests and the browser tests expect it.</summary>
public static class ReportFormMessages
{
    /// <summary>The error summary of a form sent with nothing but a description, in the order of the fields.</summary>
    public static IReadOnlyList<string> ForAFormWithOnlyADescription { get; } =
    [
        "Välj i vilket område det hände.",
        "Ange vilket datum det hände.",
        "Välj om det har inträffat eller var en risk.",
        "Välj vilken organisation du arbetar för.",
        "Välj minst en part där samverkan brast.",
        "Välj den kategori som passar bäst.",
        "Beskriv vad det fick för följder för personen.",
    ];

    public const string PersonalNumber =
        "Texten innehåller ett nummer som ser ut som ett personnummer eller samordningsnummer (ett giltigt datum och en giltig kontrollsiffra). Sådan text tas inte emot, inte ens när numret är något annat. Ta bort numret: en avvikelse får inte kunna peka ut en person.";
}
